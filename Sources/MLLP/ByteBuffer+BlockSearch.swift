#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import NIOCore

extension ByteBuffer {
    /// The first start block (`<VT>`) or end block (`<FS>`) at or after `start`, as an offset from
    /// the reader index, with which of the two it is.
    func firstBlockByte(from start: Int) -> (offset: Int, byte: UInt8)? {
        self.withUnsafeReadableBytes { bytes in
            guard start < bytes.count, let base = bytes.baseAddress else { return nil }
            let region = base + start
            let length = bytes.count - start
            // memchr is vectorised; two passes over the same bytes still beat one Swift loop,
            // and each pass stops at the first hit.
            let endBlock = memchr(region, Int32(MLLPFraming.endBlock), length).map { UnsafeRawPointer($0) }
            let searchForStart = endBlock.map { region.distance(to: $0) } ?? length
            if let startBlock = memchr(region, Int32(MLLPFraming.startBlock), searchForStart) {
                return (start + region.distance(to: UnsafeRawPointer(startBlock)), MLLPFraming.startBlock)
            }
            if let endBlock {
                return (start + region.distance(to: endBlock), MLLPFraming.endBlock)
            }
            return nil
        }
    }

    /// The first `byte` in the readable bytes, as an offset from the reader index.
    func firstOffset(of byte: UInt8) -> Int? {
        self.withUnsafeReadableBytes { bytes in
            guard let base = bytes.baseAddress, let hit = memchr(base, Int32(byte), bytes.count) else { return nil }
            return base.distance(to: UnsafeRawPointer(hit))
        }
    }
}
