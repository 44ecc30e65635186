package io.go4j.debug.pprof;

import io.go4j.debug.Profile;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * ProfileTests holds what the pprof tests share beyond {@link io.go4j.debug.testing}: writing a
 * profile to a file for {@link io.go4j.debug.testing.GoTool#pprof}.
 */
final class ProfileTests {
    private ProfileTests() {}

    /** Writes {@code profile} with {@code debug} to a new file in {@code dir}. */
    static Path write(Profile profile, int debug, Path dir) throws IOException {
        Path file = dir.resolve(profile.name() + "-debug" + debug + ".pb.gz");
        try (OutputStream out = Files.newOutputStream(file)) {
            profile.writeTo(out, debug);
        }
        return file;
    }
}
