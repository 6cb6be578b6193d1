/**
 * A plain folder dataset that is not Cityscapes, for training and evaluating on any data:
 *
 * <pre>{@code
 * <root>/classes.txt                    one class per line, "name" or "name r g b"; line i names label value i
 * <root>/images/<split>/<name>.png|jpg  the images
 * <root>/labels/<split>/<name>.png      8-bit class indices and the ignore index (void, 255 by default)
 * }</pre>
 *
 * <p>{@link org.lifelongseg.core.data.folder.FolderTaskData} is the trainer's data provider for such
 * a folder; {@link org.lifelongseg.core.data.folder.FolderDataset} is the DJL dataset of one split;
 * {@link org.lifelongseg.core.data.folder.FolderLayout} reads the class list and finds the
 * image/label pairs. Reading, selection and transforms are those every dataset on disk shares
 * ({@link org.lifelongseg.core.data.FileDataset}, {@link org.lifelongseg.core.data.transform}).
 */
package org.lifelongseg.core.data.folder;
