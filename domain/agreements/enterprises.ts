/**
 * The little of the registry (`domain/registry`, collection `units`) that contracts and congresses need: an
 * enterprise's name, credit code, place on the grid and size. Read through this one module so the registry's
 * record can grow without touching the agreements.
 */
import type { HandlerContext } from '../runtime/context';

export const UNITS = 'units';

export interface Enterprise {
  _id: string;
  name: string;
  creditCode: string;
  townId: string;
  villageId: string | null;
  path: string[];
  employees: number;
  womenEmployees?: number;
  unionId?: string | null;
  demo?: boolean;
}

/** One unit by id, or null. */
export async function findEnterprise(ctx: Pick<HandlerContext, 'db'>, unitId: string): Promise<Enterprise | null> {
  const { data } = await ctx.db.collection<Enterprise>(UNITS).where({ _id: unitId }).limit(1).get();
  return data[0] ?? null;
}
