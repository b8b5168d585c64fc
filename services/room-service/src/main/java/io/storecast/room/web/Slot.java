package io.storecast.room.web;

import io.storecast.room.domain.LineupItem;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** A lineup slot as clients send it; a slot without an id gets {@code slot-<position>} (or the next free one). */
public record Slot(@Size(max = 64) @Pattern(regexp = "[A-Za-z0-9_-]+") String id, @NotNull LineupItem.Kind kind,
                   @Size(max = 64) String sku, @NotNull Integer plannedSeconds) {

    static List<LineupItem> toLineup(List<Slot> slots) {
        if (slots == null) {
            return List.of();
        }
        Set<String> taken = new HashSet<>();
        slots.forEach(s -> {
            if (s.id() != null) {
                taken.add(s.id());
            }
        });
        List<LineupItem> items = new ArrayList<>();
        int n = 0;
        for (Slot s : slots) {
            String id = s.id();
            while (id == null) {
                String candidate = "slot-" + (++n);
                if (taken.add(candidate)) {
                    id = candidate;
                }
            }
            items.add(new LineupItem(id, s.kind(), s.sku(), s.plannedSeconds()));
        }
        return items;
    }
}
