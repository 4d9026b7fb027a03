/** Reference datasets: parsing CSV/xlsx, what is stored (no raw ID numbers), and the comparisons. */
import fs from 'node:fs';
import path from 'node:path';
import {
  buildReferenceDocs,
  parseCsv,
  parseXlsx,
  verifyAgainstReferences,
  archiveConfirmsFile,
  type ArchiveLookup,
  type PersonReferenceDoc,
  type VerificationSubject,
} from '../../domain/aid/reference';
import { FieldCipher, generateKeys } from '../../domain/security/crypto';
import { archiveSamples, sampleRows, SAMPLES_DIR, DEMO_APPLICANTS as D } from '../../scripts/seed/reference-samples';
import { HARDSHIP_CATEGORY_LABELS } from '../../typings/registry';

const cipher = new FieldCipher(generateKeys());
const indexer = { index: (kind: 'id' | 'name', value: string) => cipher.blindIndex(kind, value) };

describe('reading reference files', () => {
  it('should parse quoted CSV cells, doubled quotes, CRLF and a BOM', () => {
    expect(parseCsv('\uFEFFa,b\r\n"x, y","say ""hi"""\r\n\r\n')).toEqual([
      ['a', 'b'],
      ['x, y', 'say "hi"'],
    ]);
  });

  it('should read the xlsx sample with every digit of the ID numbers', async () => {
    const rows = await parseXlsx(fs.readFileSync(path.join(SAMPLES_DIR, 'household.xlsx')));
    expect(rows).toEqual(sampleRows().household);
  });

  it('should keep the generated CSV samples in step with the generator', () => {
    const csv = parseCsv(fs.readFileSync(path.join(SAMPLES_DIR, 'household.csv'), 'utf8'));
    expect(csv).toEqual(sampleRows().household);
  });
});

describe('building reference documents', () => {
  it('should store ID numbers only as blind index and masked form', () => {
    const { docs, rejected } = buildReferenceDocs('household', sampleRows().household, indexer, 'imp-1');
    expect(rejected).toEqual([]);
    expect(docs).toHaveLength(sampleRows().household.length - 1);
    const text = JSON.stringify(docs);
    for (const [, idNumber] of sampleRows().household.slice(1)) expect(text).not.toContain(idNumber);
    expect(text).not.toContain(D.migrant.name);
    expect(docs[0]).toMatchObject({
      _id: cipher.blindIndex('id', D.migrant.idNumber),
      idMasked: expect.stringMatching(/^4210\*{10}\d{4}$/),
      town: '万家乡',
      village: '翠林山村',
      householdSize: 4,
    });
  });

  it('should refuse bad rows by line and column without echoing the value', () => {
    const rows = [
      ['姓名', '身份证号', '保障类别', '乡镇', '村社区', '保障人数'],
      [
        D.hardship.name,
        D.hardship.idNumber.slice(0, 17) + (D.hardship.idNumber[17] === '0' ? '1' : '0'),
        '低保',
        '万家乡',
        '翠林山村',
        '3',
      ],
      [D.hardship.name, D.hardship.idNumber, '五保', '万家乡', '翠林山村', '3'],
      [D.hardship.name, D.hardship.idNumber, '低保', '万家乡', '翠林山村', 'x'],
    ];
    const { docs, rejected } = buildReferenceDocs('civil_affairs', rows, indexer, 'imp-2');
    expect(docs).toEqual([]);
    expect(rejected.map((r) => [r.line, r.column])).toEqual([
      [2, '身份证号'],
      [3, '保障类别'],
      [4, '保障人数'],
    ]);
    expect(JSON.stringify(rejected)).not.toContain(D.hardship.idNumber.slice(0, 10));
  });

  it('should refuse a file missing a column', () => {
    expect(() => buildReferenceDocs('business', [['企业名称']], indexer, 'imp-3')).toThrow(/统一社会信用代码/);
  });
});

describe('checking an application against the references', () => {
  const household = buildReferenceDocs('household', sampleRows().household, indexer, 'i').docs as PersonReferenceDoc[];
  // What the registry's hardship archive answers for each sample household (domain/registry/archive.ts).
  const archive = (id: string): ArchiveLookup | null => {
    const s = archiveSamples().find((x) => x.person.idNumber === id);
    return s
      ? {
          nameIndex: cipher.blindIndex('name', s.person.name),
          fileNoIndex: cipher.blindIndex('name', `file:${s.fileNo}`),
          fileStatus: s.status === 'active' ? '在档' : '脱困',
          category: HARDSHIP_CATEGORY_LABELS[s.category],
        }
      : null;
  };
  const find = (docs: PersonReferenceDoc[], id: string) =>
    docs.find((d) => d._id === cipher.blindIndex('id', id)) ?? null;
  const subject = (over: Partial<VerificationSubject['applicant']> = {}): VerificationSubject => ({
    applicant: {
      idIndex: cipher.blindIndex('id', D.migrant.idNumber),
      nameIndex: cipher.blindIndex('name', D.migrant.name),
      town: '万家乡',
      village: '翠林山村',
      householdSize: 4,
      declaresHardshipFile: true,
      fileNoIndex: null,
      ...over,
    },
    child: null,
    unit: null,
  });
  const at = {
    household: '2026-11-01T00:00:00.000Z',
    hardship_archive: '2026-11-01T00:00:00.000Z',
    civil_affairs: '2026-11-01T00:00:00.000Z',
  };

  it('should report a match, and what differed (field names only) on a mismatch', () => {
    const lookups = {
      importedAt: at,
      household: find(household, D.migrant.idNumber),
      hardshipArchive: archive(D.migrant.idNumber),
      civilAffairs: null,
    };
    const ok = verifyAgainstReferences(subject(), lookups);
    expect(ok.map((c) => [c.dataset, c.status])).toEqual([
      ['household', 'match'],
      ['civil_affairs', 'not_found'],
      ['hardship_archive', 'match'],
    ]);
    const off = verifyAgainstReferences(
      subject({ nameIndex: cipher.blindIndex('name', '王某某'), village: '青林村', householdSize: 5 }),
      lookups,
    );
    expect(off[0]).toMatchObject({ status: 'mismatch', differences: ['name', 'village', 'householdSize'] });
    expect(JSON.stringify(off)).not.toContain('王某某');
  });

  it('should say a closed hardship file is a mismatch that does not confirm the file', () => {
    const closed = verifyAgainstReferences(
      subject({
        idIndex: cipher.blindIndex('id', D.formerHardship.idNumber),
        nameIndex: cipher.blindIndex('name', D.formerHardship.name),
      }),
      {
        importedAt: at,
        hardshipArchive: archive(D.formerHardship.idNumber),
      },
    );
    expect(closed.find((c) => c.dataset === 'hardship_archive')).toMatchObject({
      status: 'mismatch',
      differences: ['fileStatus'],
    });
    expect(archiveConfirmsFile(closed)).toBe(false);
    expect(archiveConfirmsFile(verifyAgainstReferences(subject(), { importedAt: {} }))).toBeNull();
  });
});
