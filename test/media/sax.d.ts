/** The part of `sax` (a strict, streaming XML parser; devDependency) the FCPXML test uses. */
declare module 'sax' {
  interface Tag {
    name: string;
    attributes: Record<string, string>;
  }
  interface Parser {
    onerror: (e: Error) => void;
    onopentag: (t: Tag) => void;
    write(s: string): { close(): void };
  }
  const sax: { parser(strict: boolean): Parser };
  export default sax;
}
