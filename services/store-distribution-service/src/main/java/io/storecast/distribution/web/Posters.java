package io.storecast.distribution.web;

import com.google.zxing.common.BitMatrix;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.GraphicsEnvironment;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A printable A4 portrait poster (210 x 297 mm, any print width): the promoter's name at the top, the
 * broadcast's title and start time, the link's QR code large in the middle, the short URL and a call
 * to action under it. Chinese names need a font with CJK glyphs, chosen among the installed ones.
 */
final class Posters {

    static final String CALL_TO_ACTION = "扫码进入直播间 / Scan to join the live broadcast";
    /** Broadcast times are printed in the brand's time zone. */
    static final DateTimeFormatter START_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneId.of("Asia/Shanghai"));

    private static final Logger log = LoggerFactory.getLogger(Posters.class);
    private static final AtomicBoolean warned = new AtomicBoolean();
    private static final Color INK = new Color(0x1a1a1a);
    private static final Color MUTED = new Color(0x555555);

    /** {@code startsAt} may be null (no session known): the time line is then left out. */
    record Content(String headline, String title, Instant startsAt, String url) {
    }

    private Posters() {
    }

    /** A4's height for a width in pixels: width x 297 / 210, rounded. */
    static int height(int width) {
        return (int) Math.round(width * 297.0 / 210.0);
    }

    static byte[] png(Content c, int width) {
        int height = height(width);
        String time = c.startsAt() == null ? null : START_TIME.format(c.startsAt());
        String family = fontFamily(String.join(" ", c.headline(), nullToEmpty(c.title()), nullToEmpty(time),
                c.url(), CALL_TO_ACTION));
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
            int textWidth = width - 2 * (width / 12);

            centered(g, c.headline(), new Font(family, Font.BOLD, width / 11), INK, textWidth, width,
                    (int) (height * 0.10));
            centered(g, c.title(), new Font(family, Font.PLAIN, width / 20), INK, textWidth, width,
                    (int) (height * 0.17));
            centered(g, time, new Font(family, Font.PLAIN, width / 22), MUTED, textWidth, width,
                    (int) (height * 0.215));

            BitMatrix modules = QrCodes.modules(c.url());
            int modulePixels = (int) Math.ceil(width * 0.6 / modules.getWidth());
            int qrTop = (int) (height * 0.25);
            int qrSide = QrCodes.draw(g, modules, (width - modules.getWidth() * modulePixels) / 2, qrTop,
                    modulePixels);

            int urlBaseline = qrTop + qrSide + width / 14;
            centered(g, c.url(), new Font(family, Font.PLAIN, width / 34), MUTED, textWidth, width, urlBaseline);
            centered(g, CALL_TO_ACTION, new Font(family, Font.BOLD, width / 26), INK, textWidth, width,
                    urlBaseline + width / 10);
        } finally {
            g.dispose();
        }
        return QrCodes.png(image);
    }

    /**
     * The installed font family that can show every character of {@code text}: the logical SansSerif
     * when it can, else the first installed family that can; SansSerif (with a warning, once) when none can.
     */
    static String fontFamily(String text) {
        if (canDisplay(Font.SANS_SERIF, text)) {
            return Font.SANS_SERIF;
        }
        for (String family : GraphicsEnvironment.getLocalGraphicsEnvironment().getAvailableFontFamilyNames()) {
            if (canDisplay(family, text)) {
                return family;
            }
        }
        if (warned.compareAndSet(false, true)) {
            log.warn("No installed font can display all of \"{}\"; posters will show boxes for the missing "
                    + "characters. Install a CJK font such as Debian's fonts-wqy-microhei.", text);
        }
        return Font.SANS_SERIF;
    }

    private static boolean canDisplay(String family, String text) {
        return new Font(family, Font.PLAIN, 12).canDisplayUpTo(text) == -1;
    }

    /** Draws one line centred at {@code baseline}, shrinking the font until it fits {@code maxWidth}. */
    private static void centered(Graphics2D g, String text, Font font, Color color, int maxWidth, int width,
                                 int baseline) {
        if (text == null || text.isBlank()) {
            return;
        }
        int measured = g.getFontMetrics(font).stringWidth(text);
        if (measured > maxWidth) {
            font = font.deriveFont(font.getSize2D() * maxWidth / measured);
            measured = g.getFontMetrics(font).stringWidth(text);
        }
        g.setFont(font);
        g.setColor(color);
        g.drawString(text, (width - measured) / 2, baseline);
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
