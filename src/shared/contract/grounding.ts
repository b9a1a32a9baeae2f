/** Grounding question-answer templates, their preview, and the grounding export and import. */
export const groundingMethods = {} as const;

export const groundingEvents = {} as const;
