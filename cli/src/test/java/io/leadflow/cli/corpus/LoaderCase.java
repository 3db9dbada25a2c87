package io.leadflow.cli.corpus;

import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * One bad file for a loader: the loader must refuse it with a message naming the file, the line and the field.
 *
 * @param name what is wrong, for the report
 * @param loader which reader gets the file (for the report and the docs table)
 * @param fileName the file's name (its extension picks CSV or JSON Lines where a loader reads both)
 * @param content the file's text
 * @param load reads the file; expected to throw
 * @param line the line the message must name
 * @param field the field the message must name
 */
record LoaderCase(String name, String loader, String fileName, String content, Consumer<Path> load, int line,
    String field) {}
