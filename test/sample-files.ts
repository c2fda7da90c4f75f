/** The samples the output tests run on: the folder, and its workbooks (the .ods twins are in ods/). */
import { join } from 'node:path';

export const SAMPLES = join(__dirname, '..', 'samples');

export const SAMPLE_FILES = [
  'metz-fiches-actions-2018.xlsx',
  'petr-bilan-2020-sous-tableaux.xlsx',
  'petr-bilan-2021-couleurs-theme.xlsx',
  'petr-bilan-2022.xlsx',
  'petr-bilan-2023-couleur-seule.xlsx',
  'petr-coeur-de-lorraine-2020-2023.xlsx',
];
