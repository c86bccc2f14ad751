import Testing

@testable import FeedWatch

/// ConfigEnvironment: `${NAME}` expansion, its `$${` escape, and the mistakes it names.
struct ConfigEnvironmentTests {
    let environment = ["TOKEN": "abc123", "USER_2": "ops", "EMPTY": ""]

    @Test(arguments: [
        ("Bearer ${TOKEN}", "Bearer abc123"),
        ("${TOKEN}:${USER_2}", "abc123:ops"),
        ("[${EMPTY}]", "[]"),
        ("costs $5", "costs $5"),
        ("$$ and $", "$$ and $"),
        ("$${TOKEN}", "${TOKEN}"),
        ("$$${TOKEN}", "$${TOKEN}"),
        ("no variables", "no variables"),
        ("{TOKEN}", "{TOKEN}"),
    ])
    func expands(text: String, expanded: String) throws {
        #expect(try ConfigEnvironment.expand(text, environment: environment) == expanded)
    }

    @Test func anUnsetVariableIsNamed() {
        #expect(
            throws: ConfigValueProblem(
                "environment variable MISSING is not set (the value uses ${MISSING})",
                kind: .unsetVariable
            )
        ) {
            try ConfigEnvironment.expand("Bearer ${MISSING}", environment: environment)
        }
    }

    @Test(arguments: [
        ("${TOKEN", "'${' is not closed by '}' (write $${ for a literal ${)"),
        (
            "${1X}",
            "'${1X}' is not an environment variable name (letters, digits and _, not starting with a digit; write $${ for a literal ${)"
        ),
        (
            "${}",
            "'${}' is not an environment variable name (letters, digits and _, not starting with a digit; write $${ for a literal ${)"
        ),
    ])
    func aMalformedReferenceSaysHowToWriteALiteral(text: String, reason: String) {
        #expect(throws: ConfigValueProblem(reason)) { try ConfigEnvironment.expand(text, environment: environment) }
    }

    @Test(arguments: ["${TOKEN}", "$${x}", "a$b${c}$$", "$", "${", "$$${{}}", "plain"])
    func escapedTextExpandsBackToItself(text: String) throws {
        #expect(try ConfigEnvironment.expand(ConfigEnvironment.escape(text), environment: [:]) == text)
    }
}
