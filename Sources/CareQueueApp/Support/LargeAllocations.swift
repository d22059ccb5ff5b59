/// Makes glibc give the memory of large allocations back to the system as soon as they are freed.
///
/// glibc raises its mmap threshold after a large block is freed (up to 32 MiB), so the next
/// multi-megabyte message lands in a thread's heap arena, which is rarely trimmed. A listener
/// parsing large messages on several threads then keeps their high-water mark for good. A fixed
/// threshold keeps each large message in its own mapping, returned when the message is answered.
enum LargeAllocations {
    static let threshold: Int32 = 256 * 1024
    /// `M_MMAP_THRESHOLD` from glibc's <malloc.h>, which the Glibc module does not export.
    private static let mmapThresholdParameter: Int32 = -3

    static func returnPromptly() {
        #if os(Linux)
        _ = glibcMallopt(mmapThresholdParameter, threshold)
        #endif
    }
}

#if os(Linux)
@_silgen_name("mallopt")
private func glibcMallopt(_ parameter: Int32, _ value: Int32) -> Int32
#endif
