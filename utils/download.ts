/** How long a download's object URL is kept: the browser has the file by then. */
const KEEP_URL_MS = 60_000;

/** Saves a file to the user's downloads, as a click on a hidden link with a `download` name would. */
export function downloadFile(file: Blob, filename: string): void {
  const url = URL.createObjectURL(file);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), KEEP_URL_MS);
}
