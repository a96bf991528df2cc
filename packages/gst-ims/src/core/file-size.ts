// File sizes as people read them, grouped the Indian way like every count: "812 bytes",
// "12.3 KB", "1,234.5 MB". One function for the web's Upload page and any CLI line that names a size.

const COUNT = new Intl.NumberFormat('en-IN');
const ONE_DECIMAL = new Intl.NumberFormat('en-IN', {
  minimumFractionDigits: 1,
  maximumFractionDigits: 1,
});
const KB = 1024;
const MB = 1024 * 1024;

export function formatFileSize(bytes: number): string {
  if (bytes < KB) return `${COUNT.format(bytes)} ${bytes === 1 ? 'byte' : 'bytes'}`;
  if (bytes < MB) return `${ONE_DECIMAL.format(bytes / KB)} KB`;
  return `${ONE_DECIMAL.format(bytes / MB)} MB`;
}
