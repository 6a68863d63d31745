package io.datahub.model.config;

import io.datahub.model.validation.ValidationError;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The per-application config tree:
 * {@code common/{schemas,lookups}} and {@code applications/<app>/<layer>/{pipelines,jobs,schemas,resources/lookups}}.
 * Scanning lists every definition file with its application, layer and kind, and reports folders
 * that do not fit the layout (a misspelt layer would otherwise hide its pipelines silently).
 */
public final class ConfigTree {

    public static final String APPLICATIONS = "applications";
    public static final String COMMON = "common";

    private final Path root;
    private final List<DefinitionFile> files;
    private final List<ValidationError> layoutErrors;

    private ConfigTree(Path root, List<DefinitionFile> files, List<ValidationError> layoutErrors) {
        this.root = root;
        this.files = List.copyOf(files);
        this.layoutErrors = List.copyOf(layoutErrors);
    }

    /** Scans {@code root}; files are listed in path order so output is stable. */
    public static ConfigTree scan(Path root) {
        List<DefinitionFile> files = new ArrayList<>();
        List<ValidationError> errors = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            errors.add(new ValidationError(root.toString(), 0, 0, "config folder not found"));
            return new ConfigTree(root, files, errors);
        }
        Path common = root.resolve(COMMON).resolve(DefinitionKind.LOOKUP.folder());
        for (Path file : xmlFiles(common)) {
            files.add(new DefinitionFile(file, null, null, DefinitionKind.LOOKUP));
        }
        Path applications = root.resolve(APPLICATIONS);
        if (!Files.isDirectory(applications)) {
            errors.add(new ValidationError(applications.toString(), 0, 0, "no applications folder: expected "
                    + applications + "/<app>/<layer>/pipelines"));
            return new ConfigTree(root, files, errors);
        }
        for (Path appDir : children(applications)) {
            if (!Files.isDirectory(appDir)) {
                continue;
            }
            String app = appDir.getFileName().toString();
            for (Path layerDir : children(appDir)) {
                if (!Files.isDirectory(layerDir)) {
                    continue;
                }
                String folder = layerDir.getFileName().toString();
                Layer layer = Layer.fromFolder(folder).orElse(null);
                if (layer == null) {
                    errors.add(new ValidationError(layerDir.toString(), 0, 0, "unknown layer folder '" + folder
                            + "' in application '" + app + "' (expected staging, standardization or service)"));
                    continue;
                }
                addKind(files, layerDir.resolve(DefinitionKind.PIPELINE.folder()), app, layer, DefinitionKind.PIPELINE);
                addKind(files, layerDir.resolve(DefinitionKind.JOB.folder()), app, layer, DefinitionKind.JOB);
                addKind(files, layerDir.resolve("resources").resolve(DefinitionKind.LOOKUP.folder()), app, layer, DefinitionKind.LOOKUP);
            }
        }
        return new ConfigTree(root, files, errors);
    }

    public Path root() {
        return root;
    }

    public List<DefinitionFile> files() {
        return files;
    }

    /** Folders that do not fit the layout. */
    public List<ValidationError> layoutErrors() {
        return layoutErrors;
    }

    /** {@code applications/<app>/<layer>}. */
    public Path layerDir(String app, Layer layer) {
        return root.resolve(APPLICATIONS).resolve(app).resolve(layer.folder());
    }

    /** {@code common/schemas}. */
    public Path commonSchemas() {
        return root.resolve(COMMON).resolve("schemas");
    }

    private static void addKind(List<DefinitionFile> files, Path dir, String app, Layer layer, DefinitionKind kind) {
        for (Path file : xmlFiles(dir)) {
            files.add(new DefinitionFile(file, app, layer, kind));
        }
    }

    private static List<Path> xmlFiles(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile).filter(p -> p.getFileName().toString().endsWith(".xml")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Path> children(Path dir) {
        try (Stream<Path> list = Files.list(dir)) {
            return list.sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
