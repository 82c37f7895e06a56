import Foundation
import WheelCore

/// A small wheel for scenarios: two dimensions of two competences, a case, a role profile
/// and an inspiration, so every kind of id a command can name exists (and can be missed).
public enum ScenarioWheel {
    public static let competences = ["kommunikation", "data", "phishing", "ai"]
    public static let dimensions = ["anvendelse", "sikkerhed"]
    public static let caseID = "case-borgerservice"
    public static let inspirationID = "insp-datakursus"

    public static let framework = Framework(
        plugins: [PluginReference(id: "scenario", version: "1.0.0")],
        dimensions: [
            WheelDimension(
                id: "anvendelse", plugin: "scenario", title: LocalizedText(da: "Anvendelse"),
                competences: [
                    Competence(id: "kommunikation", plugin: "scenario", dimension: "anvendelse", title: LocalizedText(da: "Kommunikation")),
                    Competence(id: "data", plugin: "scenario", dimension: "anvendelse", title: LocalizedText(da: "Data")),
                ]),
            WheelDimension(
                id: "sikkerhed", plugin: "scenario", title: LocalizedText(da: "Sikkerhed"),
                competences: [
                    Competence(id: "phishing", plugin: "scenario", dimension: "sikkerhed", title: LocalizedText(da: "Phishing")),
                    Competence(id: "ai", plugin: "scenario", dimension: "sikkerhed", title: LocalizedText(da: "AI")),
                ]),
        ],
        roleProfiles: [
            RoleProfile(id: "sagsbehandler", plugin: "scenario", title: LocalizedText(da: "Sagsbehandler"),
                        levels: ["kommunikation": 4, "data": 3])
        ],
        cases: [
            DiscussionCase(id: caseID, plugin: "scenario", title: LocalizedText(da: "Borgerservice"),
                           story: LocalizedText(da: "En borger ringer."), competences: ["kommunikation"])
        ],
        inspiration: [
            Inspiration(id: inspirationID, plugin: "scenario", competence: "data", kind: .course,
                        title: LocalizedText(da: "Datakursus"))
        ])

    public static func info(_ settings: WorkshopSettings, blindVoting: Bool = true) -> WorkshopInfo {
        var settings = settings
        settings.blindVoting = blindVoting
        return WorkshopInfo(
            id: "wscenario", title: "Scenario", joinCode: "ACDEFG", facilitatorToken: "facilitator-token",
            language: .da, settings: settings, framework: framework, createdAt: Date(timeIntervalSince1970: 1_700_000_000))
    }
}
