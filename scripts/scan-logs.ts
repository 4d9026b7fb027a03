/**
 * Scan log files for personal data: an 18-character citizen ID, an 11-digit mobile number, or a
 * 16–19-digit bank-card number. Prints each offending line's location (never the value) and exits 1
 * when any is found. CI runs it over the test run's output and every function log line
 * (`LOCAL_CLOUD_LOG_FILE`). Usage: `tsx scripts/scan-logs.ts <file>...`.
 */
import { existsSync, readFileSync } from 'fs';

export const PATTERNS: Array<[string, RegExp]> = [
  ['citizen ID', /(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])/],
  ['mobile number', /(?<![0-9A-Za-z])1[3-9]\d{9}(?![0-9A-Za-z])/],
  ['bank-card number', /(?<![0-9A-Za-z])\d{16,19}(?![0-9A-Za-z])/],
];

/** Findings as `file:line: kind` (the value itself is never printed). */
export function scan(name: string, text: string): string[] {
  const findings: string[] = [];
  text.split('\n').forEach((line, i) => {
    for (const [kind, pattern] of PATTERNS) if (pattern.test(line)) findings.push(`${name}:${i + 1}: ${kind}`);
  });
  return findings;
}

if (require.main === module) {
  const files = process.argv.slice(2);
  let findings: string[] = [];
  for (const file of files) {
    if (!existsSync(file)) {
      console.log(`scan-logs: ${file} does not exist (nothing logged)`);
      continue;
    }
    findings = findings.concat(scan(file, readFileSync(file, 'utf8')));
  }
  if (findings.length) {
    console.error(`scan-logs: personal data shapes found in logs:\n  ${findings.slice(0, 50).join('\n  ')}`);
    process.exit(1);
  }
  console.log(`scan-logs: no ID, phone or card numbers in ${files.join(', ')}`);
}
