/**
 * The approval (批复) of a founding's election result as a PDF: pdfkit (pure JavaScript, maintained, writes PDF
 * 1.3+ with embedded, subset TrueType/OpenType fonts through fontkit) with Noto Sans Hans Regular from
 * `@embedpdf/fonts-sc` (SIL OFL; GB2312 coverage), so the document reads the same on every phone and printer
 * without fonts of its own. Only the glyphs used are embedded (tens of KB). Both packages stay outside the
 * function bundle and are installed with the function (`scripts/build-functions.ts`).
 */
import path from 'path';
import type PDFKit from 'pdfkit';

/** What the 批复 states. */
export interface ApprovalFacts {
  docNumber: string;
  /** The upper union that issues it (`万家乡总工会`). */
  issuer: string;
  unitName: string;
  unionName: string;
  chairman: string;
  committee: readonly string[];
  audit: readonly string[];
  womenCommittee: boolean;
  termYears: number;
  termStart: string;
  termEnd: string;
  issuedOn: string;
  opinion: string;
}

let fontPath: string | null = null;

/** The font file, found beside the package's entry (the package exports only its entry). */
export function approvalFontPath(): string {
  if (!fontPath) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const pkg = require('@embedpdf/fonts-sc') as { fonts: { file: string; weight: number }[] };
    const regular = pkg.fonts.find((f) => f.weight === 400)?.file ?? 'NotoSansHans-Regular.otf';
    fontPath = path.join(path.dirname(require.resolve('@embedpdf/fonts-sc')), '..', 'fonts', regular);
  }
  return fontPath;
}

const CN_DIGITS = ['〇', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/** `2026-12-07` → `二〇二六年十二月七日` (the date line of an official document). */
export function chineseDate(date: string): string {
  const [y, m, d] = date.split('-').map(Number);
  const small = (n: number) =>
    n < 10
      ? CN_DIGITS[n]
      : n === 10
        ? '十'
        : n < 20
          ? `十${CN_DIGITS[n % 10]}`
          : `${CN_DIGITS[Math.floor(n / 10)]}十${n % 10 ? CN_DIGITS[n % 10] : ''}`;
  return `${String(y)
    .split('')
    .map((c) => CN_DIGITS[Number(c)])
    .join('')}年${small(m)}月${small(d)}日`;
}

/** The document's title line. */
export const approvalTitle = (f: Pick<ApprovalFacts, 'unitName'>) => `关于同意${f.unitName}工会委员会选举结果的批复`;

/** Render the 批复 (A4, one page). */
export function renderApproval(f: ApprovalFacts): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    // Loaded on first use: the functions that bundle the engine start without it.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const PDFDocument = require('pdfkit') as typeof PDFKit;
    const doc = new PDFDocument({
      size: 'A4',
      margins: { top: 72, bottom: 72, left: 80, right: 80 },
      info: { Title: approvalTitle(f), Author: f.issuer, Subject: f.docNumber },
      font: approvalFontPath(),
    });
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.fillColor('#c00000').fontSize(26).text(f.issuer, { align: 'center', characterSpacing: 4 });
    doc.moveDown(0.4).fillColor('#000000').fontSize(12).text(f.docNumber, { align: 'center' });
    const y = doc.y + 8;
    doc.moveTo(80, y).lineTo(515, y).lineWidth(1.5).strokeColor('#c00000').stroke();
    doc.moveDown(1.5).fontSize(18).text(approvalTitle(f), { align: 'center' });
    doc.moveDown(1).fontSize(13).text(`${f.unitName}工会筹备组：`);
    const body = [
      `你单位报来的选举结果收悉。经研究，同意成立${f.unionName}。`,
      `同意${f.committee.join('、')}为工会委员会委员，${f.chairman}为工会主席。`,
      f.audit.length ? `同意${f.audit.join('、')}为经费审查委员会委员。` : '',
      f.womenCommittee ? '请同时依法成立女职工委员会。' : '',
      `本届任期 ${f.termYears} 年，自${chineseDate(f.termStart)}至${chineseDate(f.termEnd)}。`,
      f.opinion,
      '请据此办理工会法人资格登记，并于证书有效期届满前三十日内申请换发。',
    ].filter(Boolean);
    for (const p of body) doc.moveDown(0.5).text(p, { indent: 26, lineGap: 6 });
    doc.moveDown(3).text(f.issuer, { align: 'right' });
    doc.moveDown(0.3).text(chineseDate(f.issuedOn), { align: 'right' });
    doc.end();
  });
}
