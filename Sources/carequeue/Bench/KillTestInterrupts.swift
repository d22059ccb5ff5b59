import Dispatch
import Foundation

/// Ctrl-C or SIGTERM during a kill loop: no listener child is left running, the folder is kept.
enum KillTestInterrupts {
    /// Installs the handlers; keep the returned sources alive for as long as they should answer.
    static func install(current: CurrentListener, workspace: KillTestWorkspace) -> [any DispatchSourceSignal] {
        let queue = DispatchQueue(label: "carequeue.killtest.signals")
        return [SIGINT, SIGTERM].map { signalNumber in
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: queue)
            source.setEventHandler {
                current.take()?.send(SIGKILL)
                FileHandle.standardError.write(Data("killtest: interrupted; files kept in \(workspace.directory.path)\n".utf8))
                Foundation.exit(130)
            }
            source.resume()
            return source
        }
    }
}
