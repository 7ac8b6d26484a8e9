/** The make-believe content of each demo clinic's website; the organisation names are real. */
export interface DemoClinic {
  kind: string;
  tagline: string;
  services: string[];
  contactSection: string;
}

export const DEMO_CLINICS: Record<string, DemoClinic> = {
  'le-petit-saint': {
    kind: 'Private clinic',
    tagline: 'Consultations, diagnostics and treatment, close to home.',
    services: ['GP consultations', 'Health screening', 'Minor procedures'],
    contactSection: 'how-we-collect-your-data',
  },
  'harmony-minds': {
    kind: 'Psychology practice',
    tagline: 'Assessment and therapy for children, young people and adults.',
    services: ['ADHD and autism assessments', 'Cognitive behavioural therapy', 'Family support'],
    contactSection: 'information-we-collect',
  },
  'dp-customers': {
    kind: 'Care services',
    tagline: 'Support at home, arranged around you.',
    services: ['Home care visits', 'Companionship', 'Respite care'],
    contactSection: 'types-of-data-held',
  },
  osjct: {
    kind: 'Care homes',
    tagline: 'Care homes and extra care housing across the south and east of England.',
    services: ['Residential care', 'Nursing care', 'Extra care housing'],
    contactSection: 'enquiries',
  },
  'serene-self': {
    kind: 'Counselling and therapy',
    tagline: 'A calm space to talk, online or in person.',
    services: ['Counselling', 'Mindfulness sessions', 'Couples therapy'],
    contactSection: 'what-we-collect',
  },
};

export const FALLBACK_CLINIC: DemoClinic = {
  kind: 'Health service',
  tagline: 'Care you can trust.',
  services: ['Appointments'],
  contactSection: 'contact',
};
