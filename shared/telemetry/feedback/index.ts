export { FEEDBACK_EVENT, FeedbackAggregate, NPS_EVENT, RATING_EVENT, type RatingSummary, type ReleaseFeedback } from './FeedbackAggregate';
export { DETRACTOR_MAX, netPromoterScore, type NpsSummary, PROMOTER_MIN } from './nps';
