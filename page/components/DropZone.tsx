import { Body1, Button, Caption1, makeStyles, mergeClasses, tokens } from '@fluentui/react-components';
import { useRef, useState } from 'react';
import { ACCEPT, droppedFiles, type Picked, pickedFiles } from '../gather';

const useStyles = makeStyles({
  zone: {
    display: 'flex',
    flexDirection: 'column',
    alignItems: 'center',
    gap: '10px',
    padding: '28px 16px',
    border: `2px dashed ${tokens.colorNeutralStroke1}`,
    borderRadius: tokens.borderRadiusLarge,
    backgroundColor: tokens.colorNeutralBackground2,
    textAlign: 'center',
  },
  over: {
    border: `2px dashed ${tokens.colorBrandStroke1}`,
    backgroundColor: tokens.colorBrandBackground2,
  },
  buttons: { display: 'flex', flexWrap: 'wrap', gap: '8px', justifyContent: 'center' },
  hint: { margin: 0, color: tokens.colorNeutralForeground2 },
  hidden: { display: 'none' },
});

/** Drop files or a folder here, or pick them: .xlsx, .xlsm, .xltx, .ods. */
export function DropZone(props: { onFiles: (files: Picked[]) => void }) {
  const styles = useStyles();
  const { onFiles } = props;
  const [over, setOver] = useState(false);
  const filesInput = useRef<HTMLInputElement>(null);
  const folderInput = useRef<HTMLInputElement>(null);
  // `webkitdirectory` is not in React's attribute types; every current browser knows it.
  const folderAttributes = { webkitdirectory: '', directory: '' } as Record<string, string>;
  return (
    <section
      aria-label="Déposer des classeurs"
      className={mergeClasses(styles.zone, over && styles.over)}
      data-testid="drop-zone"
      onDragOver={(e) => {
        e.preventDefault();
        e.dataTransfer.dropEffect = 'copy';
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={(e) => {
        e.preventDefault();
        setOver(false);
        void droppedFiles(e.dataTransfer).then(onFiles);
      }}
    >
      <Body1>
        <strong>Glissez ici vos tableaux de suivi</strong> (.xlsx, .xlsm, .xltx, .ods), ou un dossier qui les contient.
      </Body1>
      <div className={styles.buttons}>
        <Button appearance="primary" onClick={() => filesInput.current?.click()}>
          Choisir des fichiers…
        </Button>
        <Button onClick={() => folderInput.current?.click()}>Choisir un dossier…</Button>
      </div>
      <Caption1 as="p" className={styles.hint}>
        Plusieurs fichiers à la fois&nbsp;: la page fait aussi la synthèse des contrats.
      </Caption1>
      <input
        ref={filesInput}
        className={styles.hidden}
        type="file"
        multiple
        accept={ACCEPT}
        aria-label="Choisir des fichiers"
        tabIndex={-1}
        data-testid="file-input"
        onChange={(e) => {
          onFiles(pickedFiles(e.target.files));
          e.target.value = '';
        }}
      />
      <input
        ref={folderInput}
        className={styles.hidden}
        type="file"
        multiple
        aria-label="Choisir un dossier"
        tabIndex={-1}
        data-testid="folder-input"
        {...folderAttributes}
        onChange={(e) => {
          onFiles(pickedFiles(e.target.files));
          e.target.value = '';
        }}
      />
    </section>
  );
}
