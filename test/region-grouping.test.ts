/**
 * The user's grouping of a region's files (`--regroupement`), as an ARS officer writes it: in
 * LibreOffice or Excel saved as CSV (« ; », « , » or tabs, with or without a byte order mark, a
 * header line, quoted cells, Windows-1252), or in a text editor; a line that cannot be used is a
 * French error naming the file and the line.
 */
import { typeset } from '../core/base/typography';
import { decodeGroupingText, type GroupedInput, parseGrouping } from '../core/report/contract-groups';

const FILES: GroupedInput[] = [
  { path: 'region/nord/pays-a-2022.xlsx', relative: 'nord/pays-a-2022.xlsx' },
  { path: 'region/nord/pays-a-2023.xlsx', relative: 'nord/pays-a-2023.xlsx' },
  { path: 'region/sud/pays-b-2023.ods', relative: 'sud/pays-b-2023.ods' },
  { path: 'region/nord/suivi.xlsx', relative: 'nord/suivi.xlsx' },
  { path: 'region/sud/suivi.xlsx', relative: 'sud/suivi.xlsx' },
];

function grouped(text: string): Record<string, string> {
  const r = parseGrouping('regroupement.csv', text, FILES);
  if (!r.ok) throw new Error(r.message);
  return Object.fromEntries(r.overrides);
}

function refused(text: string): string {
  const r = parseGrouping('regroupement.csv', text, FILES);
  if (r.ok) throw new Error(`accepted: ${JSON.stringify([...r.overrides])}`);
  return r.message;
}

describe('parseGrouping', () => {
  test('« fichier;contrat », a header line, blank lines and comments; by name, path or name without extension', () => {
    expect(
      grouped(
        'Fichier;Contrat\n\n# les deux années du Pays A\npays-a-2022.xlsx;CLS du Pays A\r\nnord/pays-a-2023.xlsx;CLS du Pays A\npays-b-2023;CLS du Pays B\n',
      ),
    ).toEqual({
      'region/nord/pays-a-2022.xlsx': 'CLS du Pays A',
      'region/nord/pays-a-2023.xlsx': 'CLS du Pays A',
      'region/sud/pays-b-2023.ods': 'CLS du Pays B',
    });
  });

  test('« , » or tabs as spreadsheets save them, quoted cells, Windows paths, any case, a UTF-8 byte order mark', () => {
    const expected = { 'region/nord/pays-a-2022.xlsx': 'CLS de Metz; Woippy', 'region/sud/suivi.xlsx': 'CLS du Sud' };
    expect(grouped('\uFEFFpays-a-2022.xlsx;"CLS de Metz; Woippy";;\nsud\\suivi.xlsx;CLS du Sud;;\n')).toEqual(expected);
    expect(grouped('fichier,contrat\nPAYS-A-2022.XLSX,CLS de Metz; Woippy\n./sud/suivi.xlsx,CLS du Sud\n')).toEqual(
      expected,
    );
    expect(grouped('pays-a-2022.xlsx\tCLS de Metz; Woippy\nsud/suivi.xlsx\tCLS du Sud')).toEqual(expected);
    // A name holding the separator, unquoted, is given back whole.
    expect(grouped('pays-a-2022.xlsx,CLS de Metz, Woippy')).toEqual({
      'region/nord/pays-a-2022.xlsx': 'CLS de Metz, Woippy',
    });
  });

  test('the text as Excel saves it: Windows-1252, or UTF-16 with its mark', () => {
    const text = 'pays-a-2022.xlsx;CLS de la Vallée\n';
    const cp1252 = Uint8Array.from([...text].map((c) => (c === 'é' ? 0xe9 : c.charCodeAt(0))));
    expect(decodeGroupingText(cp1252)).toBe(text);
    const utf16 = new Uint8Array(2 + text.length * 2);
    utf16.set([0xff, 0xfe]);
    [...text].forEach((c, i) => utf16.set([c.charCodeAt(0) & 0xff, c.charCodeAt(0) >> 8], 2 + 2 * i));
    expect(decodeGroupingText(utf16)).toBe(text);
    expect(decodeGroupingText(new TextEncoder().encode(`\uFEFF${text}`)).replace(/^\uFEFF/, '')).toBe(text);
  });

  test('French errors naming the file and the line', () => {
    expect(refused('pays-a-2022.xlsx;CLS A\ninconnu.xlsx;CLS A\n')).toBe(
      typeset(
        'Regroupement « regroupement.csv », ligne 2 : « inconnu.xlsx » n’est pas un des fichiers à convertir : corrigez son nom comme il est écrit dans le dossier, ou retirez la ligne.',
      ),
    );
    expect(refused('Fichier;Contrat\npays-a-2022.xlsx\n')).toMatch(
      /^Regroupement\s«\sregroupement\.csv\s»,\sligne\s2\s:\sattendu\sle\sfichier\spuis\sle\snom\sdu\scontrat/,
    );
    expect(refused('pays-a-2022.xlsx;\n')).toMatch(/ligne\s1\s:\sattendu\sle\sfichier\spuis\sle\snom\sdu\scontrat/);
    expect(refused('suivi.xlsx;CLS du Nord\n')).toMatch(
      /ligne\s1\s:\s«\ssuivi\.xlsx\s»\sdésigne\splusieurs\sfichiers\s\(«\snord\/suivi\.xlsx\s»,\s«\ssud\/suivi\.xlsx\s»\)/,
    );
    expect(refused('pays-a-2022.xlsx;CLS A\n\npays-a-2022.xlsx;CLS B\n')).toMatch(
      /ligne\s3\s:\s«\spays-a-2022\.xlsx\s»\sest\sdéjà\srangé\sdans\sle\scontrat\s«\sCLS\sA\s»\s\(ligne\s1\)/,
    );
    expect(refused('\n# rien\n')).toMatch(/^Regroupement\s«\sregroupement\.csv\s»\s:\saucune\sligne/);
    // A first line that names a workbook is never taken for a header.
    expect(refused('pays-z.xlsx;CLS Z\n')).toMatch(/ligne\s1\s:\s«\spays-z\.xlsx\s»\sn.est\spas\sun\sdes\sfichiers/);
  });
});
