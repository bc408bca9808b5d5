import { config as dotenvConfig } from 'dotenv';

/** Reads `.env` from the working directory if present; the real environment wins. */
export function loadDotenv(): void {
  dotenvConfig({ quiet: true });
}
