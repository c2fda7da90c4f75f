/**
 * The folder the command is run from: relative paths, the output folder and the names shown are
 * resolved against it. When the system cannot give it (the folder was deleted while the terminal
 * stood in it, or its path is longer than the system allows), every command stops at once with a
 * French message, before any file is read or written.
 */

/** Why the working folder cannot be used, in French; null when it can. */
export function workingFolderProblem(cwd: () => string = () => process.cwd()): string | null {
  try {
    cwd();
    return null;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException | undefined)?.code;
    if (code === 'ERANGE' || code === 'ENAMETOOLONG') {
      return (
        'Le chemin du dossier courant est plus long que ce que le système accepte : cls-bilan ne peut pas ' +
        'y trouver vos fichiers. Placez-vous dans un dossier moins profond (cd …), puis relancez.'
      );
    }
    if (code === 'EACCES' || code === 'EPERM') {
      return (
        "Le dossier courant n'est pas accessible (droits d'accès) : cls-bilan ne peut pas y trouver vos fichiers. " +
        'Placez-vous dans un dossier existant que vous pouvez lire (cd …), puis relancez.'
      );
    }
    return (
      "Le dossier courant n'existe plus (supprimé ou déplacé pendant que le terminal y était) : cls-bilan ne " +
      'peut pas y trouver vos fichiers. Placez-vous dans un dossier existant (cd …), puis relancez.'
    );
  }
}
