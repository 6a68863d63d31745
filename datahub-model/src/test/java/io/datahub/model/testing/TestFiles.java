package io.datahub.model.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;

/** File helpers the modules' tests share. */
public final class TestFiles {

    private TestFiles() {
    }

    /** Copies the tree under {@code source} to {@code target} (which must not hold any of its files yet); returns {@code target}. */
    public static Path copyTree(Path source, Path target) throws IOException {
        try (Stream<Path> paths = Files.walk(source)) {
            for (Path path : paths.toList()) {
                Path copy = target.resolve(source.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(copy);
                } else {
                    Files.copy(path, copy);
                }
            }
        }
        return target;
    }

    /**
     * As the CLI's demo seeds them: an application's landing and reference files ({@code <testData>/<app>/landing},
     * {@code .../reference}) under its staging layer of {@code dataRoot}, replacing files already there.
     */
    public static void seedSampleInputs(Path testData, String app, Path dataRoot) throws IOException {
        Path staging = dataRoot.resolve("applications").resolve(app).resolve("staging");
        for (String folder : List.of("landing", "reference")) {
            Path from = testData.resolve(app).resolve(folder);
            if (!Files.isDirectory(from)) {
                continue;
            }
            try (Stream<Path> walk = Files.walk(from)) {
                for (Path file : walk.filter(Files::isRegularFile).toList()) {
                    Path to = staging.resolve(folder).resolve(from.relativize(file).toString());
                    Files.createDirectories(to.getParent());
                    Files.copy(file, to, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }
}
