import Testing
import WheelCore

@Suite struct LocalizedTextTests {
    @Test func fallsBackToDanishThenEnglish() {
        #expect(LocalizedText(da: "Hjul", en: "Wheel").resolved(.en) == "Wheel")
        #expect(LocalizedText(da: "Hjul", en: nil).resolved(.en) == "Hjul")
        #expect(LocalizedText(da: "Hjul", en: "").resolved(.en) == "Hjul")
        #expect(LocalizedText(da: nil, en: "Wheel").resolved(.da) == "Wheel")
        #expect(LocalizedText(da: nil, en: nil).resolved(.da) == "")
    }
}
