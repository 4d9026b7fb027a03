/**
 * The phone's text limits come from the contracts (`maxLengths`). WeChat's `<input maxlength="0">` takes no text
 * at all (only -1 lifts the limit), so a path that reaches no limited text field must fail loudly when the page is
 * written, not leave a field nobody can type into. Rows of a list are named with or without the row number.
 */
import { z } from 'zod';
import { CandidatesInput, FoundingFormInput, GroupsInput, maxLengthOf, maxLengths } from '../../typings';

test('a field of a list row has its limit whether or not the path names the row', () => {
  expect(maxLengthOf(FoundingFormInput, 'prepGroup.0.name')).toBeGreaterThan(0);
  expect(maxLengthOf(FoundingFormInput, 'prepGroup.name')).toBe(maxLengthOf(FoundingFormInput, 'prepGroup.0.name'));
  expect(maxLengthOf(GroupsInput, 'groups.leader')).toBe(maxLengthOf(GroupsInput, 'groups.3.leader'));
  expect(maxLengthOf(CandidatesInput, 'committee.name')).toBeGreaterThan(0);
});

test('the founding request’s rows take as much as the contract allows', () => {
  const limits = maxLengths(FoundingFormInput, { prepName: 'prepGroup.name', prepPost: 'prepGroup.post' });
  const longest = (n: number) => '王'.repeat(n);
  const row = (name: string, post: string) => ({ name, post });
  const { prepGroup } = FoundingFormInput.shape as unknown as { prepGroup: z.ZodType };
  expect(
    prepGroup.safeParse([
      row(longest(limits.prepName), longest(limits.prepPost)),
      row('李明', '技术员'),
      row('赵强', '班组长'),
    ]).success,
  ).toBe(true);
});

test('a path with no text limit is refused when the page asks for it, naming the path', () => {
  const schema = z.object({ count: z.number(), note: z.string(), rows: z.array(z.object({ a: z.string().max(5) })) });
  expect(() => maxLengths(schema, { count: 'count' })).toThrow(/count/);
  expect(() => maxLengths(schema, { note: 'note' })).toThrow(/note/);
  expect(() => maxLengths(schema, { typo: 'rows.b' })).toThrow(/rows\.b/);
  expect(maxLengths(schema, { a: 'rows.a' })).toEqual({ a: 5 });
});
