/** Who is calling the engine, from a verified token (the server) or a named session (in process). */
export type Principal =
  | { role: 'agent'; workerSid: string; identity: string }
  | { role: 'customer'; channelSid: string; identity: string; friendlyName: string }
  /** A phone page's registered number (outbound calls ring it). */
  | { role: 'phone'; number: string; identity: string };

/** A principal that may read and write chat channels (phones have none). */
export type ChatPrincipal = Exclude<Principal, { role: 'phone' }>;
