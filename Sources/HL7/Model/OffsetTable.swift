/// A growable array of plain values that the parser fills and `HL7Storage` then owns as is: no
/// copy between the scan and the storage, and no uniqueness or capacity check per element where the
/// caller reserved room first.
///
/// Not a value type: whoever holds it must call `deallocate()` once (or hand it to a storage,
/// which does). The scan makes one per message and passes it on exactly once.
struct OffsetTable<Element: BitwiseCopyable> {
    private(set) var base: UnsafeMutablePointer<Element>
    private(set) var count = 0
    private(set) var capacity: Int

    init(capacity: Int) {
        self.capacity = max(capacity, 1)
        base = UnsafeMutablePointer<Element>.allocate(capacity: self.capacity)
    }

    /// Makes room for `extra` more elements.
    @inline(__always)
    mutating func reserve(_ extra: Int) {
        if count &+ extra > capacity { grow(to: count + extra) }
    }

    /// Appends after `reserve` made room.
    @inline(__always)
    mutating func appendReserved(_ element: Element) {
        (base + count).initialize(to: element)
        count &+= 1
    }

    /// Lets `write` put up to `maximum` elements after the last one, through a pointer, and
    /// counts the number it returns: no store of the count per element.
    @inline(__always)
    mutating func append(upTo maximum: Int, _ write: (UnsafeMutablePointer<Element>) -> Int) {
        reserve(maximum)
        count &+= write(base + count)
    }

    @inline(__always)
    mutating func append(_ element: Element) {
        reserve(1)
        appendReserved(element)
    }

    @inline(__always)
    subscript(index: Int) -> Element { base[index] }

    /// The elements, valid until `deallocate()`.
    var buffer: UnsafeBufferPointer<Element> { UnsafeBufferPointer(start: base, count: count) }

    func deallocate() { base.deallocate() }

    @inline(never)
    private mutating func grow(to needed: Int) {
        let newCapacity = max(capacity * 2, needed)
        let grown = UnsafeMutablePointer<Element>.allocate(capacity: newCapacity)
        grown.moveInitialize(from: base, count: count)
        base.deallocate()
        base = grown
        capacity = newCapacity
    }
}
