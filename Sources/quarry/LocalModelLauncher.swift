import Foundation

/// Finds the local model for `--provider local`: `QUARRY_LOCAL_MODEL_URL` when set, otherwise
/// the server `scripts/local-model start` is running (asked with `scripts/local-model url`, run
/// from the current directory).
///
/// The tool does not start the server itself: on Linux, Foundation's `Process` starts children
/// with signals blocked and waits on descendants that outlive them, so a server launched from
/// here could neither be stopped cleanly nor be left running; `scripts/local-model start` is one
/// command and builds the server once.
enum LocalModelLauncher {
    struct Problem: Error, CustomStringConvertible {
        let description: String
    }

    static func baseURL() throws -> String {
        if let url = ProcessInfo.processInfo.environment["QUARRY_LOCAL_MODEL_URL"], !url.isEmpty { return url }
        let script = "scripts/local-model"
        guard FileManager.default.isExecutableFile(atPath: script) else {
            throw Problem(
                description:
                    "no local model: set QUARRY_LOCAL_MODEL_URL, or run from the Quarry repository after \(script) start"
            )
        }
        let output = Pipe()
        guard run(script, "url", output: output) == 0 else {
            throw Problem(
                description:
                    "the local model is not running: start it with \(script) start (the first run builds llama.cpp's server)"
            )
        }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        guard let url = String(decoding: data, as: UTF8.self).split(separator: "\n").last.map(String.init),
            url.hasPrefix("http")
        else { throw Problem(description: "\(script) url printed no URL") }
        return url
    }

    /// Runs the script with one argument and waits for it.
    private static func run(_ script: String, _ argument: String, output: Any) -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["bash", script, argument]
        process.standardOutput = output
        process.standardError = FileHandle.standardError
        process.standardInput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            return -1
        }
        process.waitUntilExit()
        return process.terminationStatus
    }
}
