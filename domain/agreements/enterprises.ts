/**
 * The little of the registry (`domain/registry`, collection `units`) that contracts and congresses need: an
 * enterprise's name, credit code, place on the grid and size. Read through this one module so the registry's
 * record can grow without touching the agreements.
 */
import type { HandlerContext } from '../runtime/context';
import { readAll } from '../runtime/paging';

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
  /** The registry's unit type (`enterprise`, `institution`…); collective contracts are counted for enterprises. */
  type?: string;
  demo?: boolean;
}

/** True for a unit whose missing collective contract counts as a gap (an enterprise). */
export const isEnterprise = (u: Pick<Enterprise, 'type'>) => !u.type || u.type === 'enterprise';

/** One unit by id, or null. */
export async function findEnterprise(ctx: Pick<HandlerContext, 'db'>, unitId: string): Promise<Enterprise | null> {
  const { data } = await ctx.db.collection<Enterprise>(UNITS).where({ _id: unitId }).limit(1).get();
  return data[0] ?? null;
}

/** Every unit under a grid path (the city: all; a town: its units), in `_id` order. */
export async function enterprisesUnder(
  ctx: Pick<HandlerContext, 'db'>,
  path: readonly string[],
): Promise<Enterprise[]> {
  const where = path.length >= 3 ? { villageId: path[2] } : path.length === 2 ? { townId: path[1] } : {};
  return readAll<Enterprise>(ctx.db, UNITS, where);
}
