import { i18n } from '#i18n';
import { downloadFile } from '@/utils/download';
import { decodeTermsFile, formatTerms, parseTermsFile, type TermsFormat } from '@/utils/terminology-files';
import type { Term } from '@/utils/terminology';

/** Term files are a few kilobytes; anything this big is not one. */
const MAX_FILE_BYTES = 1024 * 1024;

/** What came of reading a picked file: its terms, with notes on the lines left out, or why it could not be read. */
export type TermsUpload =
  | { kind: 'too-large' }
  | { kind: 'unreadable' }
  | { kind: 'read'; terms: Term[]; problems: string[]; encoding: ReturnType<typeof decodeTermsFile>['encoding'] };

export async function readTermsUpload(file: File): Promise<TermsUpload> {
  if (file.size > MAX_FILE_BYTES) return { kind: 'too-large' };
  let decoded: ReturnType<typeof decodeTermsFile>;
  try {
    decoded = decodeTermsFile(new Uint8Array(await file.arrayBuffer()));
  } catch {
    return { kind: 'unreadable' };
  }
  return { kind: 'read', ...parseTermsFile(decoded.text), encoding: decoded.encoding };
}

export function downloadTerms(terms: readonly Term[], format: TermsFormat, filename: string): void {
  const type = format === 'csv' ? 'text/csv;charset=utf-8' : 'text/tab-separated-values;charset=utf-8';
  // The byte order mark makes Excel read the file as UTF-8, so Chinese and other scripts survive.
  downloadFile(new Blob([`\uFEFF${formatTerms(terms, format)}`], { type }), filename);
}

interface TermFileButtonsProps {
  pairLabel: string;
  /** What the last import left out, line by line. */
  importProblems: readonly string[];
  onImport: (file: File) => void;
  onExport: (format: TermsFormat) => void;
}

/** Import from and export to CSV or TSV, with the notes of the last import. */
export function TermFileButtons({ pairLabel, importProblems, onImport, onExport }: TermFileButtonsProps) {
  return (
    <>
      <div class="row">
        <label class="button file-button">
          {i18n.t('terminology.import')}
          <input
            type="file"
            class="file-button-input"
            accept=".csv,.tsv,.txt,text/csv,text/tab-separated-values,text/plain"
            aria-describedby="terms-import-help"
            onChange={(event) => {
              const input = event.currentTarget;
              const file = input.files?.[0];
              // Cleared, so that picking the same file again (after fixing it) reads it again.
              input.value = '';
              if (file) onImport(file);
            }}
          />
        </label>
        <button type="button" class="button" onClick={() => onExport('csv')}>
          {i18n.t('terminology.exportCsv')}
        </button>
        <button type="button" class="button" onClick={() => onExport('tsv')}>
          {i18n.t('terminology.exportTsv')}
        </button>
      </div>
      <p id="terms-import-help" class="hint">
        {i18n.t('terminology.importHelp', { pair: pairLabel })}
      </p>
      {importProblems.length > 0 && (
        <div class="terms-import-problems">
          <p class="label">{i18n.t('terminology.importNotes')}</p>
          <ul class="alert-list hint">
            {importProblems.map((text) => (
              <li key={text}>{text}</li>
            ))}
          </ul>
        </div>
      )}
    </>
  );
}
