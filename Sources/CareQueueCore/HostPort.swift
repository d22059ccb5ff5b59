/// "HOST:PORT" as listeners and logs print it; an IPv6 host in brackets ("[::1]:2575").
public enum HostPort {
    public static func text(host: String, port: Int) -> String {
        host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
    }
}
