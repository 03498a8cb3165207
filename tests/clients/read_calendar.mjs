// Reads an iCalendar file on stdin with Mozilla's ical.js (Thunderbird's parser) and prints each
// event as JSON, its times in UTC as worked out from the file's own VTIMEZONE (not the system's
// zone database): what a calendar that trusts the file would show.
import ICAL from "ical.js";

let text = "";
for await (const chunk of process.stdin) text += chunk;
const calendar = new ICAL.Component(ICAL.parse(text));
for (const zone of calendar.getAllSubcomponents("vtimezone")) {
  ICAL.TimezoneService.register(new ICAL.Timezone(zone));
}
const utc = (time) => time && time.convertToZone(ICAL.Timezone.utcTimezone).toString();
const events = calendar.getAllSubcomponents("vevent").map((component) => {
  const event = new ICAL.Event(component);
  return {
    uid: event.uid,
    summary: event.summary,
    start: utc(event.startDate),
    end: utc(event.endDate),
    sequence: event.sequence,
    zone: event.startDate.zone.tzid,
  };
});
console.log(JSON.stringify({ method: calendar.getFirstPropertyValue("method"), events }));
