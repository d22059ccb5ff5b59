#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

extension UnsafeRawBufferPointer {
    /// The first start block (`<VT>`) or end block (`<FS>`) at or after `start`, with which of the
    /// two it is.
    func firstBlockByte(from start: Int) -> (offset: Int, byte: UInt8)? {
        guard start < count, let base = baseAddress else { return nil }
        let region = base + start
        let length = count - start
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

    /// The offset of the first `byte`, if any.
    func firstOffset(of byte: UInt8) -> Int? {
        guard let base = baseAddress, let hit = memchr(base, Int32(byte), count) else { return nil }
        return base.distance(to: UnsafeRawPointer(hit))
    }
}
