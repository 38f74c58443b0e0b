// One T-Server endpoint as the hosts configure it. It lives below the connection
// and the session (both need it) so the connection layer never has to import
// from the session layer it serves (docs/architecture.md §1).

export interface EndpointConfig {
  /** Stable name shown to the agent and in events ("a", "b", "tserver-east"). */
  name: string;
  host: string;
  port: number;
  /** TLS when true or when options are given; plain TCP otherwise. */
  tls?: boolean | { ca?: string; servername?: string; rejectUnauthorized?: boolean };
}
