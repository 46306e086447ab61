import { Text } from '@backstage/ui';
import styles from './objects.module.css';

/**
 * The path from the resource's prefix (or the bucket's root) to the folder
 * listed; every step but the last opens its folder.
 */
export function Breadcrumbs(props: {
  bucket: string;
  prefix: string;
  folder: string;
  onOpen: (folder: string) => void;
}) {
  const { prefix, folder } = props;
  const rest = folder.startsWith(prefix) ? folder.slice(prefix.length) : '';
  const steps = [{ label: prefix || props.bucket, folder: prefix }];
  let path = prefix;
  for (const segment of rest.split('/').filter(Boolean)) {
    path = `${path}${segment}/`;
    steps.push({ label: segment, folder: path });
  }
  return (
    <nav aria-label="Folder path">
      <ol className={styles.crumbs}>
        {steps.map((step, i) => {
          const last = i === steps.length - 1;
          return (
            <li key={step.folder}>
              {i > 0 && (
                <Text as="span" color="secondary" aria-hidden>
                  {'/ '}
                </Text>
              )}
              {last ? (
                <span className={styles.current} aria-current="location">
                  {step.label}
                </span>
              ) : (
                <button
                  type="button"
                  className={styles.nameButton}
                  onClick={() => props.onOpen(step.folder)}
                >
                  {step.label}
                </button>
              )}
            </li>
          );
        })}
      </ol>
    </nav>
  );
}
