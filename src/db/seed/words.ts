// Word lists the demo names, descriptions and changelogs are assembled from.

export const FIRST_NAMES = [
  'Emma', 'Noah', 'Olivia', 'Liam', 'Ava', 'Lucas', 'Sofia', 'Mateo', 'Mia', 'Elijah',
  'Amara', 'Kenji', 'Priya', 'Omar', 'Chloe', 'Jonas', 'Lena', 'Diego', 'Hana', 'Felix',
  'Zara', 'Ivan', 'Nora', 'Tariq', 'Elena', 'Samuel', 'Yuki', 'Leila', 'Marco', 'Ines',
  'Aiden', 'Freya', 'Rafael', 'Maren', 'Kofi', 'Alice', 'Tomas', 'Mei', 'Oscar', 'Nadia',
] as const;

export const LAST_NAMES = [
  'Smith', 'Garcia', 'Müller', 'Rossi', 'Kim', 'Nguyen', 'Silva', 'Kowalski', 'Jensen', 'Okafor',
  'Tanaka', 'Patel', 'Haddad', 'Dubois', 'Larsen', 'Moreau', 'Fischer', 'Costa', 'Ivanova', 'Reyes',
  'Walker', 'Lindqvist', 'Mensah', 'Sato', 'Romero', 'Novak', 'Brennan', 'Ahmed', 'Weber', 'Park',
] as const;

/** Product brand names for themes, plugins and scripts. */
export const BRANDS = [
  'Aurora', 'Nimbus', 'Vertex', 'Lumen', 'Quartz', 'Helix', 'Nova', 'Zenith', 'Atlas', 'Orbit',
  'Prism', 'Ember', 'Cobalt', 'Sierra', 'Falcon', 'Juniper', 'Monarch', 'Pulse', 'Vanta', 'Tempo',
  'Solace', 'Kinetic', 'Harbor', 'Echo', 'Sable', 'Meridian', 'Crest', 'Onyx', 'Willow', 'Astra',
  'Beacon', 'Cinder', 'Drift', 'Fathom', 'Glide', 'Ironwood', 'Kestrel', 'Lattice', 'Mosaic', 'Nexa',
] as const;

export const THEME_NICHES = [
  'Creative Agency', 'Personal Portfolio', 'Restaurant & Cafe', 'Online Magazine', 'SaaS Landing',
  'Fashion Store', 'Photography', 'Real Estate', 'Medical Clinic', 'Fitness & Gym', 'Travel Blog',
  'Corporate Business', 'Wedding', 'Education & LMS', 'Architecture', 'Podcast', 'Nonprofit',
  'Electronics Store', 'Coffee Shop', 'Startup', 'Law Firm', 'Hotel & Resort', 'Furniture Store',
] as const;

export const PLUGIN_FEATURES = [
  'SEO Toolkit', 'Form Builder', 'Image Optimizer', 'Booking Calendar', 'Mega Menu', 'Cookie Consent',
  'Membership Manager', 'Smart Slider', 'Social Share', 'Backup Scheduler', 'Table Builder',
  'Popup Maker', 'Live Chat', 'Product Filter', 'Testimonials', 'Event Manager', 'Analytics Dashboard',
] as const;

export const JS_FEATURES = [
  'Image Carousel', 'Date Picker', 'Lightbox Gallery', 'Infinite Scroll', 'Toast Notifications',
  'Drag and Drop Uploader', 'Chart Library', 'Masonry Grid', 'Rich Text Editor', 'Tooltip Kit',
  'Parallax Effects', 'Form Validation', 'Color Picker', 'Virtual Table', 'Command Palette',
] as const;

export const SCRIPT_APPS = [
  'Invoice Manager', 'Helpdesk Ticketing', 'URL Shortener', 'Job Board', 'Inventory Tracker',
  'Event Ticketing', 'Classified Ads', 'Poll & Survey', 'Link in Bio', 'Appointment Booking',
  'File Sharing', 'Recipe Manager', 'Expense Tracker', 'Newsletter Sender', 'Quiz Maker',
  'Web Scraper', 'Status Page', 'Subscription Billing',
] as const;

export const MUSIC_MOODS = [
  'Uplifting', 'Epic', 'Chill', 'Inspiring', 'Dark', 'Happy', 'Dreamy', 'Energetic', 'Emotional',
  'Corporate', 'Playful', 'Mysterious', 'Romantic', 'Driving', 'Peaceful',
] as const;

export const MUSIC_GENRES = [
  'Piano', 'Cinematic Trailer', 'Lo-Fi Beat', 'Acoustic Guitar', 'Synthwave', 'Orchestral',
  'Ambient Pad', 'Hip Hop', 'Indie Folk', 'Electronic Pop', 'Rock Anthem', 'Jazz Lounge',
  'Ukulele', 'Deep House', 'Documentary Score',
] as const;

export const SFX_TOPICS = [
  'Cinematic', 'UI', 'Nature', 'City', 'Sci-Fi', 'Horror', 'Cartoon', 'Game', 'Kitchen', 'Office',
  'Weather', 'Vehicle', 'Fantasy', 'Sports',
] as const;

export const SFX_KINDS = [
  'Whooshes', 'Clicks', 'Impacts', 'Ambiences', 'Transitions', 'Footsteps', 'Risers', 'Glitches',
  'Notifications', 'Explosions', 'Swooshes', 'Foley',
] as const;

export const FOOTAGE_SUBJECTS = [
  'Aerial', 'Slow Motion', 'Timelapse', 'Drone', 'Macro', 'Underwater', 'Night', 'Handheld',
] as const;

export const FOOTAGE_SCENES = [
  'Mountain Sunrise', 'City Traffic', 'Ocean Waves', 'Forest Canopy', 'Desert Dunes', 'Northern Lights',
  'Coffee Pour', 'Busy Market', 'Rainy Window', 'Snowy Village', 'Harbor at Dusk', 'Wheat Field',
  'Waterfall', 'Skyline', 'Highway Lights',
] as const;

export const MOTION_STYLES = [
  'Glitch', 'Minimal', 'Liquid', 'Neon', 'Paper', 'Retro', 'Elegant', 'Dynamic', 'Clean', 'Grunge',
  'Isometric', 'Kinetic',
] as const;

export const MOTION_THINGS = [
  'Logo Reveal', 'Lower Thirds', 'Titles Pack', 'Slideshow', 'Intro Opener', 'Transitions Pack',
  'Social Media Stories', 'Countdown', 'Infographics', 'Broadcast Package',
] as const;

export const DESCRIPTION_QUALITIES = [
  'clean', 'fast', 'flexible', 'lightweight', 'modern', 'polished', 'well-documented', 'carefully crafted',
] as const;

/** Changelog material: software and media releases change in different ways. */
export const CHANGELOG = {
  software: {
    fixed: [
      'mobile responsiveness', 'a layout shift on page load', 'RTL alignment in the header', 'a PHP 8.3 deprecation warning',
      'the search form on Safari', 'translation strings', 'a race condition in the uploader', 'keyboard navigation',
      'dark mode contrast', 'a memory leak on long sessions', 'the sticky header on iOS', 'timezone handling in exports',
      'a crash with empty settings',
    ],
    added: [
      'dark mode support', 'a one-click demo import', 'WooCommerce 9 compatibility', 'a new header layout',
      'WebP image support', 'CSV export', 'two new color presets', 'TypeScript type definitions',
      'a REST endpoint for settings', 'Spanish and German translations',
    ],
    improved: ['page speed scores', 'the documentation', 'the settings screen', 'compatibility with the latest browsers', 'the build size'],
  },
  media: {
    fixed: ['clipping at the end of the loop', 'a click at 0:42', 'flicker in the last frames', 'the file names of the stems', 'colour banding in the sky'],
    added: ['stems for each instrument', 'a 30-second cut', 'a 15-second cut', 'a vertical 9:16 version', 'a version without the logo', 'an alpha-channel render'],
    improved: ['loudness normalisation to -14 LUFS', 'the colour grading', 'the mix of the low end', 'the documentation'],
  },
} as const;

/** Lowercase ASCII words joined by hyphens: "Café – Shop Theme" → "cafe-shop-theme". */
export function slugify(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}
