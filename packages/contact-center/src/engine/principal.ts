/** Who is calling the engine, from a verified token (the server) or a named session (in process). */
export type Principal =
  /** `session`: the sign-in session of a server token (signing out revokes it); none in process. */
  | { role: 'agent'; workerSid: string; identity: string; session?: string }
  | { role: 'customer'; channelSid: string; identity: string; friendlyName: string }
  /** A phone page's registered number (outbound calls ring it). */
  | { role: 'phone'; number: string; identity: string };

/** A principal that may read and write chat channels (phones have none). */
export type ChatPrincipal = Exclude<Principal, { role: 'phone' }>;
