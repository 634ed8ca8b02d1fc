/**
 * Keeps personal access tokens out of every output. The client registers each
 * key it reads; every string that leaves the process through the CLI's error
 * path, logs or files written from API data goes through redactSecrets.
 */
const secrets = new Set<string>();

export function registerSecret(value: string): void {
  // Very short values would redact ordinary words; a real PAT is 32+ chars.
  if (value.length >= 8) secrets.add(value);
}

export function redactSecrets(text: string): string {
  let result = text;
  for (const secret of secrets) {
    if (result.includes(secret)) result = result.split(secret).join('[REDACTED]');
  }
  return result;
}
