import type { X2jOptions, XMLParser } from 'fast-xml-parser';

/**
 * An XML parser made on first use: most runs of paperbot add nothing, and fast-xml-parser's
 * modules would cost every one of them start-up time.
 */
export function lazyXmlParser(options: X2jOptions): () => Promise<XMLParser> {
  let parser: Promise<XMLParser> | undefined;
  return () =>
    (parser ??= import('fast-xml-parser').then(({ XMLParser }) => new XMLParser(options)));
}
