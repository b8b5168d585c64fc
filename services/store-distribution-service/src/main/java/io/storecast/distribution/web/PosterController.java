package io.storecast.distribution.web;

import io.storecast.distribution.application.LinkCommands;
import io.storecast.distribution.application.PosterFacts;
import io.storecast.distribution.application.PosterFacts.Facts;
import io.storecast.distribution.domain.TrackedLink;
import io.storecast.platform.problems.InvalidFieldException;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.CacheControl;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** What a store prints: a link's QR code as SVG (scales to any print size) and an A4 poster PNG. */
@RestController
public class PosterController {

    static final MediaType SVG = MediaType.valueOf("image/svg+xml");

    private final LinkCommands links;
    private final PosterFacts facts;
    private final String publicBaseUrl;

    public PosterController(LinkCommands links, PosterFacts facts,
                            @Value("${storecast.public-base-url}") String publicBaseUrl) {
        this.links = links;
        this.facts = facts;
        this.publicBaseUrl = publicBaseUrl;
    }

    @GetMapping("/links/{code}/qr.svg")
    public ResponseEntity<byte[]> svg(@PathVariable String code, @RequestParam(defaultValue = "512") int size) {
        if (size < 128 || size > 2048) {
            throw new InvalidFieldException("size", "size must be between 128 and 2048 pixels", 400);
        }
        TrackedLink link = links.link(code);
        return ResponseEntity.ok().contentType(SVG).cacheControl(CacheControl.maxAge(Duration.ofDays(1)))
                .body(QrCodes.svg(link.shareUrl(publicBaseUrl), size).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * An A4 portrait poster {@code width} pixels wide (1240 = A4 at 150 dpi, 2480 = 300 dpi). Cached
     * briefly only: its title and time follow the room's schedule.
     */
    @GetMapping("/links/{code}/poster.png")
    public ResponseEntity<byte[]> poster(@PathVariable String code, @RequestParam(defaultValue = "1240") int width) {
        if (width < 600 || width > 2480) {
            throw new InvalidFieldException("width", "width must be between 600 and 2480 pixels", 400);
        }
        TrackedLink link = links.link(code);
        Facts f = facts.of(link);
        byte[] png = Posters.png(new Posters.Content(f.promoterName(), f.title(), f.startsAt(),
                link.shareUrl(publicBaseUrl)), width);
        return ResponseEntity.ok().contentType(MediaType.IMAGE_PNG)
                .cacheControl(CacheControl.maxAge(Duration.ofMinutes(5)))
                .header(HttpHeaders.CONTENT_DISPOSITION,
                        ContentDisposition.inline().filename("poster-" + code + ".png").build().toString())
                .body(png);
    }
}
