/**
 * A promise-only typing of the part of the wx-server-sdk database we use. The SDK's own typings
 * union every call with its callback form (`Promise | void`); this view keeps call sites typed and
 * honest. It is a type only: at run time it is exactly `cloud.database()`.
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Doc = { _id?: string; [key: string]: any };
/** A query command or filter value (`_.gt(1)`, `_.in([...])`, a RegExp, a plain value). */
export type Filter = Record<string, unknown>;

export interface QueryResult<T = Doc> {
  data: T[];
}

export interface Query<T = Doc> {
  where(filter: Filter): Query<T>;
  orderBy(field: string, order: 'asc' | 'desc'): Query<T>;
  skip(n: number): Query<T>;
  limit(n: number): Query<T>;
  field(projection: Record<string, boolean | 0 | 1>): Query<T>;
  get(): Promise<QueryResult<T>>;
  count(): Promise<{ total: number }>;
  update(options: { data: Doc }): Promise<{ stats: { updated: number } }>;
  remove(): Promise<{ stats: { removed: number } }>;
}

export interface DocumentRef<T = Doc> {
  get(): Promise<{ data: T }>;
  set(options: { data: Doc }): Promise<{ _id?: string; stats: { updated: number; created?: number } }>;
  update(options: { data: Doc }): Promise<{ stats: { updated: number } }>;
  remove(): Promise<{ stats: { removed: number } }>;
}

export interface Aggregate {
  match(filter: Filter): Aggregate;
  project(spec: Record<string, unknown>): Aggregate;
  addFields(spec: Record<string, unknown>): Aggregate;
  group(spec: Record<string, unknown>): Aggregate;
  sort(spec: Record<string, 1 | -1>): Aggregate;
  skip(n: number): Aggregate;
  limit(n: number): Aggregate;
  count(field: string): Aggregate;
  unwind(spec: string | Record<string, unknown>): Aggregate;
  lookup(spec: Record<string, unknown>): Aggregate;
  end(): Promise<{ list: Doc[] }>;
}

export interface Collection<T = Doc> extends Query<T> {
  doc(id: string): DocumentRef<T>;
  add(options: { data: Doc | Doc[] }): Promise<{ _id?: string; ids?: string[] }>;
  aggregate(): Aggregate;
}

export interface Transaction {
  collection(name: string): { doc(id: string): DocumentRef; add(options: { data: Doc }): Promise<{ _id?: string }> };
  commit(): Promise<unknown>;
  rollback(reason?: unknown): Promise<unknown>;
}

/** Operators of `db.command`, loosely typed: they build query/update expressions. */
export type Command = Record<string, (...args: never[]) => unknown> & {
  eq(v: unknown): unknown;
  neq(v: unknown): unknown;
  gt(v: unknown): unknown;
  gte(v: unknown): unknown;
  lt(v: unknown): unknown;
  lte(v: unknown): unknown;
  in(v: unknown[]): unknown;
  nin(v: unknown[]): unknown;
  exists(v: boolean): unknown;
  and(...v: unknown[]): unknown;
  or(...v: unknown[]): unknown;
  inc(v: number): unknown;
  push(v: unknown): unknown;
  remove(): unknown;
  set(v: unknown): unknown;
  addToSet(v: unknown): unknown;
  pull(v: unknown): unknown;
  size(v: number): unknown;
  elemMatch(v: unknown): unknown;
};

export interface Database {
  collection<T = Doc>(name: string): Collection<T>;
  command: Command;
  serverDate(options?: { offset?: number }): unknown;
  RegExp(options: { regexp: string; options?: string }): unknown;
  createCollection(name: string): Promise<unknown>;
  runTransaction<R>(fn: (tx: Transaction) => Promise<R>, retries?: number): Promise<R>;
  startTransaction(): Promise<Transaction>;
}
