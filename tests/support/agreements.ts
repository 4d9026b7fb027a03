/**
 * What the collective-contract, congress and contacts tests share: the people who act, a functions' clock moved by
 * whole days, enterprises placed in the registry, and calls to the `agreements` and `cases` functions (an action
 * sent with the case's current version, as the pages send it).
 */
import type { TestCloud } from './cloud';
import { callAs, type CallResult } from './people';

export const TOWN = 'demo-town-t15';
export const OTHER_TOWN = 'demo-town-t14';
export const COLLECTOR = 'demo-collector-t15-v01';
export const ADMIN = 'demo-admin';

export const DAY = 24 * 3600_000;

/**
 * The functions' clock (`UNION_CLOCK_OFFSET_MS`) moved to whole days after the test's start, and the China date on
 * it. `reset()` in `afterAll` puts the clock back for the next file.
 */
export function dayClock(): { at(days: number): void; days(): number; today(): string; reset(): void } {
  let offsetDays = 0;
  return {
    at(days) {
      offsetDays = days;
      process.env.UNION_CLOCK_OFFSET_MS = String(days * DAY);
    },
    days: () => offsetDays,
    today: () => new Date(Date.now() + offsetDays * DAY + 8 * 3600_000).toISOString().slice(0, 10),
    reset() {
      offsetDays = 0;
      delete process.env.UNION_CLOCK_OFFSET_MS;
    },
  };
}

export interface TestUnit {
  id: string;
  townId: string;
  creditCode: string;
  name?: string;
  /** In a village of the town (the collector's scope) rather than directly under the town. */
  villageId?: string | null;
  employees?: number;
  womenEmployees?: number;
  type?: string;
}

/** Enterprises written to the registry as the demo marks its own (`demo: true`), without a union. */
export async function addUnits(cloud: TestCloud, units: readonly TestUnit[]): Promise<void> {
  const collection = cloud.sdkApp().database().collection('units');
  for (const u of units) {
    const villageId = u.villageId ?? null;
    await collection.add({
      _id: u.id,
      name: u.name ?? `松滋示例${u.id}有限公司`,
      creditCode: u.creditCode,
      townId: u.townId,
      villageId,
      path: villageId ? ['city', u.townId, villageId] : ['city', u.townId],
      employees: u.employees ?? 260,
      ...(u.womenEmployees === undefined ? {} : { womenEmployees: u.womenEmployees }),
      type: u.type ?? 'enterprise',
      unionId: null,
      demo: true,
    });
  }
}

export interface AgreementCalls {
  agreements(openid: string, action: string, input?: unknown): Promise<CallResult>;
  /** A call to `cases`; without `requestId` none is sent (reads). */
  cases(openid: string, action: string, input?: unknown, requestId?: string): Promise<CallResult>;
  /** The action on the case's current version; `requestId` to replay a call. */
  act(
    openid: string,
    caseId: string,
    action: string,
    extra?: Record<string, unknown>,
    requestId?: string,
  ): Promise<CallResult>;
  /** The agreements timer, as the scheduler runs it. */
  timer(): Promise<CallResult>;
  /** A fresh request id. */
  rid(): string;
}

export function agreementCalls(cloud: () => TestCloud, prefix: string): AgreementCalls {
  let seq = 0;
  const rid = () => `${prefix}-${Date.now()}-${(seq += 1)}-req`;
  const cases: AgreementCalls['cases'] = (openid, action, input, requestId) =>
    callAs(cloud(), openid, 'cases', action, input, requestId);
  return {
    rid,
    cases,
    agreements: (openid, action, input) => callAs(cloud(), openid, 'agreements', action, input),
    async act(openid, caseId, action, extra = {}, requestId = rid()) {
      const current = await callAs(cloud(), openid, 'cases', 'get', { caseId });
      if (!current.ok) return current;
      return cases(openid, 'act', { caseId, action, version: current.data.version, ...extra }, requestId);
    },
    timer: () => callAs(cloud(), ADMIN, 'scheduler', 'run', { task: 'agreements' }),
  };
}
