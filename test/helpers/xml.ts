/**
 * Strict XML well-formedness with `sax` (in node_modules through cdktf-cli's
 * xml-js): throws on the first error (a tag closed out of order, an unknown
 * entity, an unquoted attribute, text after the root). Returns the root
 * element's name and the text of every element named `textOf`.
 */
interface SaxParser {
  onerror: (e: Error) => void;
  onopentag: (tag: { name: string }) => void;
  onclosetag: (name: string) => void;
  ontext: (text: string) => void;
  write(text: string): SaxParser;
  close(): void;
}

export interface ParsedXml {
  readonly root: string;
  readonly texts: string[];
}

export function parseXml(text: string, textOf = "text"): ParsedXml {
  const sax = require("sax") as { parser(strict: boolean, options: object): SaxParser };
  const parser = sax.parser(true, { strictEntities: true });
  let root = "";
  const open: string[] = [];
  const texts: string[] = [];
  let current: string[] | undefined;
  parser.onerror = (e) => {
    throw new Error(`not well-formed XML: ${e.message}`);
  };
  parser.onopentag = (tag) => {
    if (open.length === 0) root = tag.name;
    open.push(tag.name);
    if (tag.name === textOf) current = [];
  };
  parser.ontext = (t) => {
    current?.push(t);
  };
  parser.onclosetag = (name) => {
    open.pop();
    if (name === textOf && current) {
      texts.push(current.join(""));
      current = undefined;
    }
  };
  parser.write(text).close();
  if (root === "") throw new Error("not XML: no root element");
  return { root, texts };
}
