import CQRencode

/// QR codes as SVG, drawn from libqrencode's module matrix.
enum QRCode {
    /// An SVG of `text` (error correction M, a 4-module quiet zone), or nil if it cannot be encoded.
    static func svg(_ text: String) -> String? {
        guard let code = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1) else { return nil }
        defer { QRcode_free(code) }
        let width = Int(code.pointee.width)
        let quiet = 4
        let size = width + 2 * quiet
        var path = ""
        path.reserveCapacity(width * width * 4)
        for y in 0..<width {
            var x = 0
            while x < width {
                // Bit 0 of each byte is the module's colour; runs of dark modules become one rectangle.
                guard code.pointee.data[y * width + x] & 1 == 1 else { x += 1; continue }
                let start = x
                while x < width, code.pointee.data[y * width + x] & 1 == 1 { x += 1 }
                path += "M\(start + quiet) \(y + quiet)h\(x - start)v1h-\(x - start)z"
            }
        }
        return """
            <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 \(size) \(size)" shape-rendering="crispEdges">\
            <rect width="\(size)" height="\(size)" fill="#fff"/><path fill="#000" d="\(path)"/></svg>
            """
    }
}
