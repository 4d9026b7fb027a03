/**
 * The services listed on the home page, in the order people most need them: a tile for each case type that
 * declares one (served by `cases.types`, so a new type needs no change here), and the services that are not
 * case types (the policy library, public notices).
 */
import type { CaseTypeInfo } from '@union/contracts';

export interface ServiceTile {
  key: string;
  name: string;
  hint: string;
  url: string;
  order: number;
}

/** Services that are not case types. */
export const STATIC_SERVICES: readonly ServiceTile[] = [
  { key: 'library', name: '政策问答', hint: '常见问题和政策', url: '/pages/consult/index', order: 50 },
  { key: 'notices', name: '公示', hint: '资助名单公示', url: '/pages/notices/index', order: 60 },
];

/** Every tile: the case types' declared ones and the static ones, in order. */
export function serviceTiles(types: readonly CaseTypeInfo[]): ServiceTile[] {
  const fromTypes = types.flatMap((t) =>
    t.client.catalogue && t.client.submitPage
      ? [
          {
            key: t.client.catalogue.key,
            name: t.client.catalogue.name,
            hint: t.client.catalogue.hint,
            url: t.client.submitPage,
            order: t.client.catalogue.order,
          },
        ]
      : [],
  );
  return [...fromTypes, ...STATIC_SERVICES].sort((a, b) => a.order - b.order);
}
