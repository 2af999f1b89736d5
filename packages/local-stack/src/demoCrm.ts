/**
 * A demo CRM for plugins to talk to (the crm-sync sample plugin records each completed chat
 * in it): `POST /demo-crm/interactions` records a JSON body, `GET` lists them. It is a demo:
 * in memory, without authentication, on 127.0.0.1 only. Never put it in front of real data.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendJson } from './sendJson';

/** One interaction a plugin posted. */
export interface CrmInteraction {
  id: string;
  receivedAt: number;
  interaction: unknown;
}

/** The largest body the demo CRM reads. */
const MAX_BODY = 64 * 1024;

export class DemoCrm {
  /** What plugins recorded, oldest first. */
  readonly interactions: CrmInteraction[] = [];

  /** Answers a request to `/demo-crm/interactions`; false for a method it does not take. */
  async handle(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    if (req.method === 'GET') return (sendJson(res, 200, this.interactions), true);
    if (req.method !== 'POST') return false;
    let body = '';
    for await (const chunk of req as AsyncIterable<Buffer>) {
      body += chunk.toString('utf8');
      if (body.length > MAX_BODY) return (sendJson(res, 413, { error: `the body is over ${MAX_BODY} bytes` }), true);
    }
    let interaction: unknown;
    try {
      interaction = JSON.parse(body);
    } catch {
      return (sendJson(res, 400, { error: 'the body is not JSON' }), true);
    }
    const record = { id: `crm-${this.interactions.length + 1}`, receivedAt: Date.now(), interaction };
    this.interactions.push(record);
    sendJson(res, 201, { id: record.id });
    return true;
  }
}
