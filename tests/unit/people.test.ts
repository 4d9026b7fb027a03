/** Pure parts of people and roles: scope checks, invitation rules, demo data generators. */
import { inScope, requireStaff, type Actor, type StaffScope } from '../../domain/people/actor';
import { INVITE_RULES, ROLE_RANK } from '../../domain/people/staff';
import { subtreeFilter, UNMASK_ROLES } from '../../domain/people/directory';
import { fakeIdNumber, fakeName, fakePhone, FULL_SCALE } from '../../scripts/seed/people';
import { checkIdNumber, checkMobile, checkPersonName } from '../../domain/security/validators';
import { AppError } from '../../domain/runtime/errors';

const town: StaffScope = {
  staffId: 's1',
  role: 'town_staff',
  gridNodeId: 't15',
  gridPath: ['city', 't15'],
  name: '甲',
};

describe('scope', () => {
  it('is the staff node and everything below it', () => {
    expect(inScope(town, ['city', 't15'])).toBe(true);
    expect(inScope(town, ['city', 't15', 't15-v01'])).toBe(true);
    expect(inScope(town, ['city', 't14', 't14-v01'])).toBe(false);
    expect(inScope(town, ['city'])).toBe(false);
  });

  it('turns a node path into an indexed people filter', () => {
    expect(subtreeFilter(['city'])).toEqual({});
    const command = { in: (v: unknown[]) => ({ $in: v }) };
    expect(subtreeFilter(['city'], command)).toEqual({ homeTownId: { $in: expect.arrayContaining(['t01', 't16']) } });
    expect((subtreeFilter(['city'], command).homeTownId as { $in: string[] }).$in).toHaveLength(16);
    expect(subtreeFilter(['city', 't15'])).toEqual({ homeTownId: 't15' });
    expect(subtreeFilter(['city', 't15', 't15-v01'])).toEqual({ homeVillageId: 't15-v01' });
  });

  it('requires active staff, optionally of given roles', () => {
    const worker: Actor = { openid: 'o', personId: 'p', staff: null };
    expect(() => requireStaff(worker)).toThrow(AppError);
    expect(requireStaff({ ...worker, staff: town })).toBe(town);
    expect(() => requireStaff({ ...worker, staff: town }, ['city_admin'])).toThrow('无权');
  });
});

describe('role rules', () => {
  it('lets each level invite only lower levels, at the matching grid level', () => {
    expect(INVITE_RULES.city_admin).toEqual({ town_staff: 'town', village_collector: 'village' });
    expect(INVITE_RULES.town_staff).toEqual({ village_collector: 'village' });
    expect(INVITE_RULES.village_collector).toEqual({});
    for (const [inviter, targets] of Object.entries(INVITE_RULES)) {
      for (const target of Object.keys(targets)) {
        expect(ROLE_RANK[target as keyof typeof ROLE_RANK]).toBeGreaterThan(
          ROLE_RANK[inviter as keyof typeof ROLE_RANK],
        );
      }
    }
    expect(UNMASK_ROLES).not.toContain('village_collector');
  });
});

describe('demo data generators', () => {
  it('make valid, unique ID numbers across the full scale', () => {
    const total = FULL_SCALE.worker + FULL_SCALE.migrant + FULL_SCALE.hardship + 200;
    const seen = new Set<string>();
    for (let i = 0; i < total; i += 1) seen.add(fakeIdNumber(i));
    expect(seen.size).toBe(total);
    for (let i = 0; i < total; i += 997) expect(checkIdNumber(fakeIdNumber(i)).ok).toBe(true);
  });

  it('make valid, obviously fake names and test-range phones', () => {
    for (let i = 0; i < 400; i += 1) {
      expect(checkPersonName(fakeName(i)).ok).toBe(true);
      expect(fakeName(i)).toMatch(/测|示|样|演/);
    }
    expect(checkMobile(fakePhone(12345)).ok).toBe(true);
    expect(fakePhone(12345)).toMatch(/^1700/);
  });
});
