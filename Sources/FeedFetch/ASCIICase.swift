extension UInt8 {
    /// The byte with A–Z folded to a–z and every other byte as it is: the case-insensitivity of URL schemes, host
    /// names and header field names, read as bytes.
    package var asciiLowercased: UInt8 {
        self >= UInt8(ascii: "A") && self <= UInt8(ascii: "Z") ? self | 0x20 : self
    }
}
