import Testing

@testable import WheelServer

/// The configuration file's reader: the lines systemd's EnvironmentFile takes, and typos caught.
@Suite struct ConfigFileTests {
    @Test func readsNamesValuesCommentsAndQuotes() throws {
        let file = try ConfigFile.parse(
            """
            # a comment
            WHEELHOUSE_PORT=9000

            export WHEELHOUSE_HOST = 127.0.0.1
            WHEELHOUSE_DATA="/var/lib/wheel house"
            WHEELHOUSE_ADMIN_TOKEN='a=b'
            """, path: "test.env")
        #expect(file.entries["WHEELHOUSE_PORT"] == .init(value: "9000", line: 2))
        #expect(file.entries["WHEELHOUSE_HOST"]?.value == "127.0.0.1")
        #expect(file.entries["WHEELHOUSE_DATA"]?.value == "/var/lib/wheel house")
        #expect(file.entries["WHEELHOUSE_ADMIN_TOKEN"]?.value == "a=b")
    }

    @Test(arguments: [
        ("WHEELHOUSE_PROT=1", "test.env:1: unknown setting WHEELHOUSE_PROT; did you mean WHEELHOUSE_PORT?"),
        ("PORT 9000", "test.env:1: expected NAME=value"),
        ("WHEELHOUSE_PORT=1\nWHEELHOUSE_PORT=2", "test.env:2: WHEELHOUSE_PORT is set twice"),
        ("SOMETHING_ELSE=1", "test.env:1: unknown setting SOMETHING_ELSE"),
    ])
    func refusesWhatItCannotUse(text: String, message: String) {
        #expect(throws: ConfigFile.ReadError.self) { try ConfigFile.parse(text, path: "test.env") }
        do {
            _ = try ConfigFile.parse(text, path: "test.env")
        } catch {
            #expect(error.description == message)
        }
    }

    @Test func flagsBeatTheEnvironmentWhichBeatsTheFile() throws {
        let file = try ConfigFile.parse("WHEELHOUSE_PORT=1\nWHEELHOUSE_HOST=h\nWHEELHOUSE_DATA=d", path: "f")
        let layers = ConfigLayers(
            flags: ["WHEELHOUSE_PORT": "3"], environment: ["WHEELHOUSE_HOST": "e", "WHEELHOUSE_PORT": "2"], file: file)
        #expect(layers.source(of: "WHEELHOUSE_PORT") == "flag")
        #expect(layers.source(of: "WHEELHOUSE_HOST") == "environment")
        #expect(layers.source(of: "WHEELHOUSE_DATA") == "f:3")
        #expect(layers.source(of: "WHEELHOUSE_WEB") == "default")
        #expect(layers.environmentOverFile["WHEELHOUSE_HOST"] == "e")
        #expect(layers.environmentOverFile["WHEELHOUSE_DATA"] == "d")
    }
}
