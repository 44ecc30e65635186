package io.go4j.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's screenshot procedure ({@link TimelineScreenshot}) works: headless Chromium draws
 * go tool trace's timeline of a go4j program. With {@code -Dgo4j.trace.screenshot=FILE} the
 * picture is also copied there (how the README's picture is made).
 */
class TimelineScreenshotTest {
    @TempDir
    Path dir;

    @Test
    @DisplayName("headless Chromium draws go tool trace's timeline of TracedProgram: a picture of the README's size, not a blank page")
    void theTimelineIsDrawn() throws Exception {
        Path png = dir.resolve("timeline.png");
        TimelineScreenshot.take(dir, png);
        byte[] bytes = Files.readAllBytes(png);
        assertTrue(bytes.length > 24 && new String(bytes, 1, 3, java.nio.charset.StandardCharsets.ISO_8859_1).equals("PNG"), "a PNG");
        java.nio.ByteBuffer ihdr = java.nio.ByteBuffer.wrap(bytes, 16, 8);   // the IHDR chunk's width and height
        assertEquals(TimelineScreenshot.WIDTH, ihdr.getInt());
        assertEquals(TimelineScreenshot.HEIGHT, ihdr.getInt());
        // A blank or error page compresses to a few KB; the timeline's slices, counters and
        // text to tens of KB (the README's: about 40 KB).
        assertTrue(bytes.length > 20_000, bytes.length + " bytes: the timeline was not drawn (" + png + ")");
        String target = System.getProperty("go4j.trace.screenshot");
        if (target != null && !target.isEmpty()) {
            Files.copy(png, Path.of(target), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
