import Foundation

/// Finds the local model for `--provider local` and for the keyless default:
/// `QUARRY_LOCAL_MODEL_URL` when set, otherwise the server `scripts/local-model` runs (asked with
/// `scripts/local-model url`, from the current directory), started with
/// `scripts/local-model start` when it is not running yet — the first start builds llama.cpp's
/// server once into a cache, later starts take a second or two.
///
/// The script detaches the server (`setsid nohup`, its output in a log file), so this process
/// neither waits on it nor keeps it alive; `scripts/local-model stop` ends it.
enum LocalModelLauncher {
    struct Problem: Error, CustomStringConvertible {
        let description: String
    }

    static func baseURL(startingIfNeeded: Bool = true) throws -> String {
        if let url = ProcessInfo.processInfo.environment["QUARRY_LOCAL_MODEL_URL"], !url.isEmpty { return url }
        let script = "scripts/local-model"
        guard FileManager.default.isExecutableFile(atPath: script) else {
            throw Problem(
                description:
                    "no local model: set QUARRY_LOCAL_MODEL_URL, or run from the Quarry repository (\(script) starts it)"
            )
        }
        let output = FileManager.default.temporaryDirectory.appendingPathComponent(
            "quarry-local-model-\(getpid()).out"
        ).path
        defer { try? FileManager.default.removeItem(atPath: output) }
        if run(script, "url", output: output) != 0 {
            guard startingIfNeeded else {
                throw Problem(description: "the local model is not running: start it with \(script) start")
            }
            Terminal.error(
                "quarry: starting the local model with \(script) start (the first start builds llama.cpp's server, several minutes)…"
            )
            guard run(script, "start", output: output) == 0 else {
                throw Problem(description: "\(script) start failed (its messages are above)")
            }
        }
        let data = FileManager.default.contents(atPath: output) ?? Data()
        guard let url = String(decoding: data, as: UTF8.self).split(separator: "\n").last.map(String.init),
            url.hasPrefix("http")
        else { throw Problem(description: "\(script) url printed no URL") }
        return url
    }

    /// Runs the script with one argument and waits for it; its standard output goes to
    /// `output`, its standard error to ours.
    ///
    /// `posix_spawn` rather than Foundation's `Process`: on Linux, `Process` starts children with
    /// every signal blocked (the server started by the script would then ignore `SIGTERM`) and
    /// its wait did not return here once the script had started the server.
    private static func run(_ script: String, _ argument: String, output: String) -> Int32 {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        sigaddset(&defaults, SIGTERM)
        sigaddset(&defaults, SIGINT)
        sigaddset(&defaults, SIGPIPE)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        let arguments = ["bash", script, argument]
        var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var pid = pid_t()
        guard posix_spawnp(&pid, "bash", &actions, &attributes, &argv, environ) == 0 else { return -1 }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 {
            guard errno == EINTR else { return -1 }
        }
        // Exited normally: the exit code is in bits 8-15; a signal counts as failure.
        return (status & 0x7f) == 0 ? (status >> 8) & 0xff : -1
    }
}
