import Foundation
import Testing
import WheelCore
@testable import WheelPlugins

/// One broken eldercare manifest and the exact errors a sector team must see for it.
struct Breakage: Sendable, CustomTestStringConvertible {
    var name: String
    var old: String
    var new: String
    var expected: [(String, PluginError.Rule)]
    /// A text every message must contain, e.g. the "Did you mean" hint.
    var messageContains: String? = nil

    var testDescription: String { name }
}

let secondCompetenceTitle = "title: {da: Sensorer, en: Sensors}"

/// Every rule ManifestReader checks alone, each with the field path it must name.
let singleManifestBreakages: [Breakage] = [
    Breakage(
        name: "unknown key: typo in a competence key, with the Did you mean hint",
        old: "    description: {da: Sengesensorer og alarmer, en: Bed sensors and alarms}",
        new: "    descripton: {da: Sengesensorer og alarmer, en: Bed sensors and alarms}",
        expected: [("dimensions[0].competences[1].descripton", .unknownKey)],
        messageContains: "Did you mean 'description'?"),
    Breakage(
        name: "unknown key: typo at the top level",
        old: "dependencies: [base]", new: "dependecies: [base]",
        expected: [("dependecies", .unknownKey)],
        messageContains: "Did you mean 'dependencies'?"),
    Breakage(
        name: "unknown key: a language that is not da or en",
        old: secondCompetenceTitle, new: "title: {da: Sensorer, de: Sensoren}",
        expected: [("dimensions[0].competences[1].title.de", .unknownKey)]),
    Breakage(
        name: "missing field: version",
        old: "version: 1.2.0\n", new: "",
        expected: [("version", .missingField)]),
    Breakage(
        name: "missing field: a case without a story",
        old: "    story: {da: Fru Hansen skal have sit første skærmbesøg., en: Mrs Hansen is about to have her first screen visit.}\n",
        new: "",
        expected: [("cases[0].story", .missingField)]),
    Breakage(
        name: "missing field: a competence without a title (typo), both reported",
        old: secondCompetenceTitle, new: "titel: {da: Sensorer, en: Sensors}",
        expected: [("dimensions[0].competences[1].titel", .unknownKey), ("dimensions[0].competences[1].title", .missingField)]),
    Breakage(
        name: "wrong type: a title as plain text instead of {da, en}",
        old: secondCompetenceTitle, new: "title: Sensorer",
        expected: [("dimensions[0].competences[1].title", .wrongType)]),
    Breakage(
        name: "wrong type: coreApi as a quoted string",
        old: "coreApi: 1", new: "coreApi: \"1\"",
        expected: [("coreApi", .wrongType)]),
    Breakage(
        name: "wrong type: dependencies as a single id instead of a list",
        old: "dependencies: [base]", new: "dependencies: base",
        expected: [("dependencies", .wrongType)]),
    Breakage(
        name: "wrong type: role profile levels as a list",
        old: "    levels:\n      brugerkompetencer: 3\n      ae-skaermbesoeg: 4",
        new: "    levels: [brugerkompetencer]",
        expected: [("roleProfiles[0].levels", .wrongType)]),
    Breakage(
        name: "missing Danish: English only",
        old: secondCompetenceTitle, new: "title: {en: Sensors}",
        expected: [("dimensions[0].competences[1].title.da", .missingDanish)]),
    Breakage(
        name: "missing Danish: blank Danish",
        old: secondCompetenceTitle, new: "title: {da: \"  \", en: Sensors}",
        expected: [("dimensions[0].competences[1].title.da", .missingDanish)]),
    Breakage(
        name: "missing Danish: in an example",
        old: "- {da: Skifte batteri i en sensor, en: Replacing a sensor battery}",
        new: "- {en: Replacing a sensor battery}",
        expected: [("dimensions[0].competences[1].examples[0].da", .missingDanish)]),
    Breakage(
        name: "too long: a title of 81 characters",
        old: secondCompetenceTitle, new: "title: {da: \(String(repeating: "æ", count: 81)), en: Sensors}",
        expected: [("dimensions[0].competences[1].title.da", .tooLong)],
        messageContains: "limit is 80"),
    Breakage(
        name: "too long: an English description of 601 characters",
        old: "description: {da: Velfærdsteknologi i hjemmeplejen, en: Welfare technology in home care}",
        new: "description: {da: Velfærdsteknologi i hjemmeplejen, en: \(String(repeating: "x", count: 601))}",
        expected: [("description.en", .tooLong)]),
    Breakage(
        name: "too long: a case story of 2001 characters",
        old: "story: {da: Fru Hansen skal have sit første skærmbesøg.,",
        new: "story: {da: \(String(repeating: "ø", count: 2001)),",
        expected: [("cases[0].story.da", .tooLong)]),
    Breakage(
        name: "invalid id: upper case and underscore",
        old: "- id: ae-sensorer", new: "- id: AE_Sensorer",
        expected: [("dimensions[0].competences[1].id", .invalidID)]),
    Breakage(
        name: "invalid id: double hyphen in a dependency",
        old: "dependencies: [base]", new: "dependencies: [base--x]",
        expected: [("dependencies[0]", .invalidID)]),
    Breakage(
        name: "invalid id: one character",
        old: "  - id: ae-case-skaermbesoeg", new: "  - id: a",
        expected: [("cases[0].id", .invalidID)]),
    Breakage(
        name: "invalid version: two parts",
        old: "version: 1.2.0", new: "version: 1.2",
        expected: [("version", .invalidVersion)]),
    Breakage(
        name: "invalid version: a pre-release suffix",
        old: "version: 1.2.0", new: "version: 1.2.0-beta",
        expected: [("version", .invalidVersion)]),
    Breakage(
        name: "invalid version: a leading zero",
        old: "version: 1.2.0", new: "version: 1.02.0",
        expected: [("version", .invalidVersion)]),
    Breakage(
        name: "unsupported core API",
        old: "coreApi: 1", new: "coreApi: 2",
        expected: [("coreApi", .unsupportedCoreAPI)]),
    Breakage(
        name: "invalid colour: five hex digits",
        old: "color: \"#C0392B\"", new: "color: \"#C0392\"",
        expected: [("dimensions[0].color", .invalidColor)]),
    Breakage(
        name: "invalid colour: a colour name",
        old: "color: \"#C0392B\"", new: "color: red",
        expected: [("dimensions[0].color", .invalidColor)]),
    Breakage(
        name: "invalid level: 6",
        old: "ae-skaermbesoeg: 4", new: "ae-skaermbesoeg: 6",
        expected: [("roleProfiles[0].levels.ae-skaermbesoeg", .invalidLevel)]),
    Breakage(
        name: "invalid level: 0",
        old: "brugerkompetencer: 3", new: "brugerkompetencer: 0",
        expected: [("roleProfiles[0].levels.brugerkompetencer", .invalidLevel)]),
    Breakage(
        name: "invalid inspiration kind",
        old: "kind: superuser", new: "kind: mentoring",
        expected: [("inspiration[0].kind", .invalidKind)],
        messageContains: "peer-learning"),
    Breakage(
        name: "empty: a dimension without competences",
        old: """
                competences:
                  - id: ae-skaermbesoeg
                    title: {da: Skærmbesøg, en: Screen visits}
                  - id: ae-sensorer
                    title: {da: Sensorer, en: Sensors}
                    description: {da: Sengesensorer og alarmer, en: Bed sensors and alarms}
                    examples:
                      - {da: Skifte batteri i en sensor, en: Replacing a sensor battery}
            """,
        new: "    competences: []",
        expected: [("dimensions[0].competences", .empty)]),
    Breakage(
        name: "empty: a case that names no competence",
        old: "competences: [ae-skaermbesoeg, digital-vejledning]", new: "competences: []",
        expected: [("cases[0].competences", .empty)]),
    Breakage(
        name: "syntax: an unclosed flow mapping",
        old: secondCompetenceTitle, new: "title: {da: Sensorer, en: Sensors",
        expected: [("", .syntax)]),
]
